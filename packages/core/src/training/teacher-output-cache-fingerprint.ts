import type * as tf from '@tensorflow/tfjs-core';
import type { Teacher } from './teacher.js';

/**
 * A 64-bit content hash, fed piece by piece. It detects changed weights and
 * data (every bit of every word moves both 32-bit lanes); it is not a
 * cryptographic hash and does not resist someone forging a collision. Plain
 * JS, so the in-memory cache also runs in a browser.
 */
export class ContentHash {
  private a = 0x243f6a88;
  private b = 0x85a308d3;
  private words = 0;

  /** Adds the bytes of a typed array (its view, not the whole buffer). */
  update(view: ArrayBufferView): this {
    const { buffer, byteOffset, byteLength } = view;
    const whole = byteLength >>> 2;
    const words =
      byteOffset % 4 === 0
        ? new Uint32Array(buffer, byteOffset, whole)
        : new Uint32Array(new Uint8Array(buffer, byteOffset, whole * 4).slice().buffer);
    for (let i = 0; i < words.length; i++) this.word(words[i]);
    // The 0–3 bytes after the last whole word, and the length, so [1] and [1, 0] differ.
    const tail = new Uint8Array(buffer, byteOffset + whole * 4, byteLength - whole * 4);
    let last = 0;
    for (let i = 0; i < tail.length; i++) last |= tail[i] << (8 * i);
    this.word(last);
    this.word(byteLength);
    return this;
  }

  /** Adds a string (as UTF-16 code units). */
  text(value: string): this {
    const codes = new Uint16Array(value.length);
    for (let i = 0; i < value.length; i++) codes[i] = value.charCodeAt(i);
    return this.update(codes);
  }

  /** Adds whole numbers (shapes, counts). */
  numbers(values: readonly number[]): this {
    return this.update(Float64Array.from(values));
  }

  /** 16 hex digits; the hash can be fed further afterwards. */
  digest(): string {
    const [a, b] = this.digestWords();
    return hex32(a) + hex32(b);
  }

  /** The two 32-bit lanes of the digest, for storing a row's hash in a Uint32Array. */
  digestWords(): [number, number] {
    let a = Math.imul(this.a ^ this.words, 0x85ebca6b);
    let b = Math.imul(this.b ^ this.words, 0xc2b2ae35);
    for (let round = 0; round < 2; round++) {
      a ^= b >>> 15;
      a = Math.imul(a ^ (a >>> 13), 0x9e3779b1);
      b ^= a >>> 16;
      b = Math.imul(b ^ (b >>> 13), 0x27d4eb2f);
    }
    return [(a ^ (a >>> 16)) >>> 0, (b ^ (b >>> 16)) >>> 0];
  }

  private word(w: number): void {
    this.a = Math.imul(rotl(this.a ^ w, 13), 0x9e3779b1) + 0x7f4a7c15;
    this.b = Math.imul(rotl(this.b + w, 17) ^ this.a, 0x85ebca77);
    this.words++;
  }
}

/**
 * The teacher's fingerprint: a hash of its weights (shapes, dtypes and every
 * byte; a `tf.LayersModel`'s in `model.weights` order, a `tf.GraphModel`'s by
 * weight name) and of `key` when given. Layer names are left out because a
 * model built in code gets different auto-generated names in another process.
 * A plain-function teacher, or a model whose change keeps its weights (a new
 * activation, say), needs `key`: any string that changes when the teacher does.
 * Undefined for a teacher without readable weights and without a key.
 */
export async function teacherFingerprint(teacher: Teacher, key?: string): Promise<string | undefined> {
  const hash = new ContentHash().text(key ?? '');
  const weights = weightsOf(teacher);
  if (weights === undefined) return key === undefined ? undefined : hash.digest();
  hash.numbers([weights.length]);
  for (const weight of weights) {
    hash.text(weight.dtype).numbers(weight.shape);
    hash.update(await weight.data());
  }
  return hash.digest();
}

/** The weights of a LayersModel (`LayerVariable[]`) or GraphModel (`{ name: Tensor[] }`), else undefined. */
function weightsOf(teacher: Teacher): tf.Tensor[] | undefined {
  if (typeof teacher === 'function' || !('weights' in teacher)) return undefined;
  const { weights } = teacher as { weights: unknown };
  if (Array.isArray(weights)) {
    return weights.map((w: { read?: () => tf.Tensor }) => (typeof w.read === 'function' ? w.read() : (w as unknown as tf.Tensor)));
  }
  if (typeof weights === 'object' && weights !== null) {
    const named = weights as Record<string, tf.Tensor[]>;
    return Object.keys(named)
      .sort()
      .flatMap((name) => named[name]);
  }
  return undefined;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

import { SelectiveKdError } from '../selective-kd-error.js';

/**
 * How a teacher-output cache stores each unit's `C` logits.
 *
 * - `'float32'` (default): exact, 4·C bytes per unit.
 * - `'float16'`: 2·C bytes per unit, rounded to nearest (ties to even) in JS.
 *   Every logit comes back within max(2⁻¹¹·|x|, 2⁻²⁵) of the teacher's (a
 *   relative 4.9e-4), so a unit's log-softmax moves by at most twice the
 *   largest logit error: for logits within ±16, ≤ 0.016 nats in the gate's
 *   teacher loss and in the divergence. Logits beyond ±65504 do not fit and
 *   are refused.
 * - `{ topK: k }`: for softmax (class-index) units with many classes; keeps
 *   the k largest logits and their class ids, and gives every other class the
 *   fill value `log(Σ_dropped exp(t_j) / (C − k))`, the log of the dropped
 *   classes' mean exp. The softmax normaliser is therefore unchanged: the kept
 *   classes' probabilities are exact, and the dropped probability mass is
 *   spread evenly over the dropped classes. The teacher's loss against the
 *   truth is exact wherever the true class is among the kept k; the
 *   distillation gradient (student softmax − teacher softmax) moves by at
 *   most twice the dropped mass (L1). Refused for multi-label units, where
 *   each class is its own two-way distribution and no fill keeps them, and
 *   for k ≥ C, which saves nothing. (4·k + 4 + 2·k) bytes per unit while
 *   C ≤ 65536.
 */
export type TeacherOutputStorage = 'float32' | 'float16' | { topK: number };

/** Encodes teacher logits rows `[...unitDims, C]` into fixed-size byte records and back. */
export interface RowCodec {
  /** A multiple of 4, so that every record of a shard starts aligned for Float32Array views. */
  readonly bytesPerRow: number;
  /** Writes row `row` of `logits` (rows of `unitDims·C` values) into `into` at byte `offset`. */
  encode(logits: Float32Array, row: number, into: Uint8Array, offset: number): void;
  /** Reads the record at byte `offset` of `from` into `into` from element `at` on. */
  decode(from: Uint8Array, offset: number, into: Float32Array, at: number): void;
}

/** Checks a storage option; the class count is checked later by `rowCodec`. */
export function checkStorage(storage: unknown): TeacherOutputStorage {
  if (storage === 'float32' || storage === 'float16') return storage;
  if (typeof storage === 'object' && storage !== null && 'topK' in storage) {
    const { topK } = storage as { topK: unknown };
    if (typeof topK === 'number' && Number.isInteger(topK) && topK >= 1) return { topK };
    throw new SelectiveKdError('INVALID_OPTION', `storage.topK must be a whole number ≥ 1; got ${JSON.stringify(topK)}`);
  }
  throw new SelectiveKdError(
    'INVALID_OPTION',
    `storage must be 'float32', 'float16' or { topK: k }; got ${JSON.stringify(storage)}`,
  );
}

/** The storage as a manifest and message string: 'float32', 'float16', 'top-3'. */
export function storageName(storage: TeacherOutputStorage): string {
  return typeof storage === 'string' ? storage : `top-${storage.topK}`;
}

/** The codec for rows of shape `rowShape` (`[...unitDims, C]`). */
export function rowCodec(storage: TeacherOutputStorage, rowShape: readonly number[]): RowCodec {
  const classes = rowShape[rowShape.length - 1];
  const size = rowShape.reduce((a, b) => a * b, 1);
  if (storage === 'float32') return float32Codec(size);
  if (storage === 'float16') return float16Codec(size);
  const { topK } = storage;
  if (topK >= classes) {
    throw new SelectiveKdError(
      'INVALID_OPTION',
      `storage { topK: ${topK} } keeps all ${classes} classes of the teacher's logits and saves nothing; use 'float32' or a k below ${classes}`,
    );
  }
  return topKCodec(size / classes, classes, topK);
}

function float32Codec(size: number): RowCodec {
  return {
    bytesPerRow: size * 4,
    encode: (logits, row, into, offset) => new Float32Array(into.buffer, into.byteOffset + offset, size).set(logits.subarray(row * size, (row + 1) * size)),
    decode: (from, offset, into, at) => into.set(new Float32Array(from.buffer, from.byteOffset + offset, size), at),
  };
}

function float16Codec(size: number): RowCodec {
  return {
    bytesPerRow: align4(size * 2),
    encode: (logits, row, into, offset) => {
      const halves = new Uint16Array(into.buffer, into.byteOffset + offset, size);
      for (let i = 0; i < size; i++) {
        const x = logits[row * size + i];
        const h = toFloat16(x);
        if ((h & 0x7fff) === 0x7c00 && Number.isFinite(x)) {
          throw new SelectiveKdError(
            'INVALID_OPTION',
            `the teacher gave the logit ${x}, beyond float16's range of ±65504; store the cache as 'float32'`,
          );
        }
        halves[i] = h;
      }
    },
    decode: (from, offset, into, at) => {
      const table = float16Table();
      const halves = new Uint16Array(from.buffer, from.byteOffset + offset, size);
      for (let i = 0; i < size; i++) into[at + i] = table[halves[i]];
    },
  };
}

/** Per unit: k values (f32), then per row the fills (f32), then the k class ids (u16 or u32). */
function topKCodec(units: number, classes: number, k: number): RowCodec {
  const idBytes = classes <= 0x10000 ? 2 : 4;
  const fillsAt = units * k * 4;
  const idsAt = fillsAt + units * 4;
  const ids = (bytes: Uint8Array, offset: number) =>
    idBytes === 2
      ? new Uint16Array(bytes.buffer, bytes.byteOffset + offset + idsAt, units * k)
      : new Uint32Array(bytes.buffer, bytes.byteOffset + offset + idsAt, units * k);
  return {
    bytesPerRow: align4(idsAt + units * k * idBytes),
    encode: (logits, row, into, offset) => {
      const values = new Float32Array(into.buffer, into.byteOffset + offset, units * k);
      const fills = new Float32Array(into.buffer, into.byteOffset + offset + fillsAt, units);
      const classIds = ids(into, offset);
      const keptValues = new Float64Array(k);
      const keptIds = new Int32Array(k);
      for (let unit = 0; unit < units; unit++) {
        const base = (row * units + unit) * classes;
        // The k largest in descending order (ties: the lower class id first), by insertion.
        let count = 0;
        for (let c = 0; c < classes; c++) {
          const v = logits[base + c];
          if (count === k && !(v > keptValues[k - 1])) continue;
          let at = count < k ? count++ : k - 1;
          while (at > 0 && v > keptValues[at - 1]) {
            keptValues[at] = keptValues[at - 1];
            keptIds[at] = keptIds[at - 1];
            at--;
          }
          keptValues[at] = v;
          keptIds[at] = c;
        }
        // The fill: log of the mean exp over the dropped classes, shifted by their max for stability.
        const kept = new Set(keptIds);
        let max = -Infinity;
        for (let c = 0; c < classes; c++) if (!kept.has(c)) max = Math.max(max, logits[base + c]);
        let sum = 0;
        for (let c = 0; c < classes; c++) if (!kept.has(c)) sum += Math.exp(logits[base + c] - max);
        fills[unit] = max + Math.log(sum / (classes - k));
        for (let j = 0; j < k; j++) {
          values[unit * k + j] = keptValues[j];
          classIds[unit * k + j] = keptIds[j];
        }
      }
    },
    decode: (from, offset, into, at) => {
      const values = new Float32Array(from.buffer, from.byteOffset + offset, units * k);
      const fills = new Float32Array(from.buffer, from.byteOffset + offset + fillsAt, units);
      const classIds = ids(from, offset);
      for (let unit = 0; unit < units; unit++) {
        const base = at + unit * classes;
        into.fill(fills[unit], base, base + classes);
        for (let j = 0; j < k; j++) into[base + classIds[unit * k + j]] = values[unit * k + j];
      }
    },
  };
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/**
 * IEEE half-precision bits of `x`, rounded to nearest with ties to even, as
 * numpy's `float16` rounds: overflow gives ±Infinity, tiny values become
 * subnormals or a signed zero, NaN stays NaN. Exported for anyone storing
 * float16 (shipped model weights, say).
 */
export function toFloat16(x: number): number {
  scratch[0] = x;
  const bits = scratchBits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // ±Infinity, NaN
  const e = exponent - 112; // the half exponent field: 127 − 15
  if (e >= 0x1f) return sign | 0x7c00; // too large: ±Infinity
  if (e <= 0) {
    // A half subnormal counts units of 2⁻²⁴; anything below 2⁻²⁵ rounds to zero.
    if (e < -10) return sign;
    return sign | roundedShift(mantissa | 0x800000, 14 - e);
  }
  // A carry out of the mantissa rightly bumps the exponent (up to Infinity).
  return sign | ((e << 10) + roundedShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundedShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && kept & 1) ? kept + 1 : kept;
}

let table: Float32Array | undefined;

/** Every half's float32 value, made on first use (256 KB). */
function float16Table(): Float32Array {
  if (table) return table;
  table = new Float32Array(0x10000);
  for (let h = 0; h < 0x10000; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >>> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    table[h] =
      exponent === 0
        ? sign * mantissa * 2 ** -24
        : exponent === 0x1f
          ? mantissa
            ? NaN
            : sign * Infinity
          : sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return table;
}

/** The float32 value of half-precision bits `h`. */
export function fromFloat16(h: number): number {
  return float16Table()[h];
}

function align4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}

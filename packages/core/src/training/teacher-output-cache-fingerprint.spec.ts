import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { ContentHash, teacherFingerprint } from './teacher-output-cache-fingerprint.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const hashOf = (bytes: number[]) => new ContentHash().update(Uint8Array.from(bytes)).digest();

describe('ContentHash', () => {
  it('changes with any one bit, with trailing zero bytes, and with the order of pieces', () => {
    const base = Array.from({ length: 37 }, (_, i) => (i * 29) & 0xff);
    const digests = new Set([hashOf(base)]);
    for (let bit = 0; bit < 37 * 8; bit++) {
      const flipped = [...base];
      flipped[bit >> 3] ^= 1 << (bit & 7);
      digests.add(hashOf(flipped));
    }
    expect(digests.size).toBe(37 * 8 + 1);
    expect(hashOf([1])).not.toBe(hashOf([1, 0]));
    expect(new ContentHash().text('ab').text('c').digest()).not.toBe(new ContentHash().text('a').text('bc').digest());
    expect(hashOf(base)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes a view by its bytes, aligned or not', () => {
    const buffer = new Uint8Array(41).map((_, i) => i * 7);
    const unaligned = buffer.subarray(1, 41);
    expect(new ContentHash().update(unaligned).digest()).toBe(hashOf(Array.from(unaligned)));
  });
});

describe('teacherFingerprint', () => {
  it('reads GraphModel-style named weights in name order, and needs a key for a function', async () => {
    const a = tf.tensor([1, 2]);
    const b = tf.tensor([[3]]);
    const print = await teacherFingerprint({ predict: () => a, weights: { w: [a], v: [b] } } as never);
    expect(await teacherFingerprint({ predict: () => a, weights: { v: [b], w: [a] } } as never)).toBe(print);
    expect(await teacherFingerprint({ predict: () => a, weights: { v: [a], w: [b] } } as never)).not.toBe(print);
    expect(await teacherFingerprint({ predict: () => a, weights: { w: [a], v: [b] } } as never, 'k')).not.toBe(print);
    expect(await teacherFingerprint(() => a)).toBeUndefined();
    expect(await teacherFingerprint(() => a, 'k')).toBe(await teacherFingerprint(() => b, 'k'));
    tf.dispose([a, b]);
  });
});

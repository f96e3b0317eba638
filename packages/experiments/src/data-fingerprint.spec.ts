import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { dataFingerprint } from './data-fingerprint.js';

it('hashes each part with its byte length, in order', () => {
  const labels = Int32Array.of(1, 2);
  const expected = createHash('sha256').update('2:ab').update('8:').update(new Uint8Array(labels.buffer)).digest('hex').slice(0, 16);
  expect(dataFingerprint(['ab', labels])).toBe(expected);
  // A view is hashed over its own bytes, not its whole buffer.
  expect(dataFingerprint(['ab', Int32Array.of(0, 1, 2).subarray(1)])).toBe(expected);
  expect(dataFingerprint(['a', 'b'])).not.toBe(dataFingerprint(['ab']));
  expect(dataFingerprint([labels, 'ab'])).not.toBe(expected);
});

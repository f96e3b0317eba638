import { createHash } from 'node:crypto';

/**
 * A hash of a data set's arrays and names, in order: part of a context's
 * fingerprint, so stored student runs are not reused on other data.
 */
export function dataFingerprint(parts: Iterable<ArrayBufferView | string>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    // Each part's length first, so ['ab', 'c'] and ['a', 'bc'] differ.
    const bytes = typeof part === 'string' ? Buffer.from(part) : new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    hash.update(`${bytes.byteLength}:`).update(bytes);
  }
  return hash.digest('hex').slice(0, 16);
}

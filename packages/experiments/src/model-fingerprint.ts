import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';

/**
 * A hash of a model's weight shapes and values, in layer order (not their
 * names: tfjs numbers layers per process). Part of a context's fingerprint,
 * so student runs against one teacher are never reused with another.
 */
export function modelFingerprint(model: LayersModel): string {
  const hash = createHash('sha256');
  for (const weight of model.weights) {
    const values = weight.read().dataSync();
    hash.update(`${weight.shape.join('x')}:`).update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}

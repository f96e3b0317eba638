import type { LayersModel } from '@tensorflow/tfjs-layers';
import { snapshotWeights } from './snapshot-weights.js';

/**
 * Copies the weights of `from` (trainable and not) into one model or several
 * of the same architecture, e.g. so that several students start from the same
 * initial weights. Every target is checked before any is changed; a mismatch
 * is a `SelectiveKdError` naming the model and the weight. The targets hold
 * values of their own afterwards: training one changes no other.
 */
export function copyWeights(from: LayersModel, to: LayersModel | LayersModel[]): void {
  const targets = Array.isArray(to) ? to : [to];
  const snapshot = snapshotWeights(from);
  try {
    for (const target of targets) snapshot.check(target);
    for (const target of targets) snapshot.applyTo(target);
  } finally {
    snapshot.dispose();
  }
}

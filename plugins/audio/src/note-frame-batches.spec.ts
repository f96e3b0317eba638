import { initBackend, type Batch } from '@selective-kd/core';
import { expectNoTensorLeak, expectSelectiveKdError } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { noteFrameBatches } from './note-frame-batches.js';
import type { NoteFrameExcerpt } from './note-frame-excerpts.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const excerpt = (i: number, frames = 4): NoteFrameExcerpt => ({
  name: `clip@${i}`,
  features: new Float32Array((frames + 2) * 3).fill(i),
  labels: new Float32Array(frames * 88).fill(i % 2),
  valid: new Float32Array(frames).fill(1),
  frames,
  context: 1,
  bins: 3,
});
const dispose = (b: Batch) => tf.dispose([b.inputs as tf.Tensor, b.labels, b.valid as tf.Tensor]);

describe('noteFrameBatches', () => {
  it('yields inputs [B, frames + 2·context, bins, 1], labels [B, frames, 88] and valid [B, frames]', () => {
    const batches = [...noteFrameBatches([0, 1, 2, 3, 4].map((i) => excerpt(i)), { batchSize: 2, shuffle: false })()];
    expect(batches.map((b) => (b.inputs as tf.Tensor).shape)).toEqual([[2, 6, 3, 1], [2, 6, 3, 1], [1, 6, 3, 1]]);
    expect(batches[0].labels.shape).toEqual([2, 4, 88]);
    expect(batches[0].valid?.shape).toEqual([2, 4]);
    expect(Array.from((batches[2].inputs as tf.Tensor).dataSync().slice(0, 2))).toEqual([4, 4]);
    batches.forEach(dispose);
  });

  it('shuffles reproducibly per seed and epoch', () => {
    const source = noteFrameBatches([0, 1, 2, 3, 4, 5, 6, 7].map((i) => excerpt(i)), { batchSize: 8 });
    const order = (epoch: number, seed: number) => {
      const [b] = [...source({ epoch, seed })];
      const firsts = Array.from((b.inputs as tf.Tensor).dataSync()).filter((_, i) => i % 18 === 0);
      dispose(b);
      return firsts;
    };
    expect(order(0, 1)).toEqual(order(0, 1));
    expect(order(0, 1)).not.toEqual(order(1, 1));
    expect([...order(0, 1)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives each batch the excerpt index of every row', () => {
    for (const shuffle of [false, true]) {
      const seen: number[] = [];
      // Excerpt i's features are all i, so a row's first input value names its excerpt.
      for (const b of noteFrameBatches([0, 1, 2, 3, 4].map((i) => excerpt(i)), { batchSize: 2, shuffle })({ epoch: 0, seed: 2 })) {
        const firsts = Array.from((b.inputs as tf.Tensor).dataSync()).filter((_, i) => i % 18 === 0);
        expect(b.indices).toEqual(firsts);
        seen.push(...b.indices!);
        dispose(b);
      }
      expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('makes only the tensors it yields', async () => {
    const source = noteFrameBatches([excerpt(0), excerpt(1)], { batchSize: 1 });
    await expectNoTensorLeak(() => {
      for (const b of source()) dispose(b);
    });
  });

  it('refuses excerpts of different shapes, and no excerpts', () => {
    expectSelectiveKdError(() => noteFrameBatches([excerpt(0), excerpt(1, 5)]), 'SHAPE_MISMATCH', "'clip@1' has 5 frames");
    expectSelectiveKdError(() => noteFrameBatches([]), 'EMPTY_DATASET');
  });
});

import { createSelectiveContainer, DistillerFactory, MODALITY } from '@selective-kd/core';
import { startBackend } from '@selective-kd/experiments';
import { pixelModality, type SegmentationSample } from '@selective-kd/pixel';
import { expectNoTensorLeak } from '@selective-kd/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawPanels } from './draw-panels.js';
import { buildStudent } from './models.js';
import { MOSAIC_SIZE } from './mosaics.js';
import { loadTeacher, trainTeacher } from './teacher.js';

/** Mosaic-sized samples whose left half is one class, for training without the Debian data. */
function samples(count: number): SegmentationSample[] {
  return Array.from({ length: count }, (_, i) => {
    const image = new Float32Array(MOSAIC_SIZE * MOSAIC_SIZE);
    const labels = new Int32Array(MOSAIC_SIZE * MOSAIC_SIZE);
    for (let at = 0; at < image.length; at++) {
      if (at % MOSAIC_SIZE < MOSAIC_SIZE / 2) {
        image[at] = 0.2 + 0.08 * (i % 10);
        labels[at] = (i % 10) + 1;
      }
    }
    return { name: `s${i}`, width: MOSAIC_SIZE, height: MOSAIC_SIZE, channels: 1, image, labels };
  });
}

let distillers: DistillerFactory;
beforeAll(async () => {
  await startBackend('wasm', () => undefined);
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: pixelModality() });
  distillers = container.resolve(DistillerFactory);
});

describe('trainTeacher', () => {
  it('stops early on dev and keeps the best epoch, logs every epoch, saves and loads back the same weights', async () => {
    const lines: string[] = [];
    const training = { epochs: 4, patience: 1, batchSize: 4, learningRate: 3e-3, seed: 1 };
    const { model, epochs, bestEpoch } = await trainTeacher(distillers, samples(8), samples(4), training, (l) => void lines.push(l));
    expect(epochs).toBeGreaterThanOrEqual(1);
    expect(epochs).toBeLessThanOrEqual(4);
    expect(bestEpoch).toBeLessThan(epochs);
    expect(lines).toHaveLength(epochs);
    expect(lines[0]).toMatch(/^ {2}epoch 1: loss \d+\.\d{4}, training mIoU \d+\.\d\d, dev mIoU \d+\.\d\d \(/);
    const dir = mkdtempSync(join(tmpdir(), 'skd-pixel-teacher-'));
    await model.save(`file://${join(dir, 'strong')}`);
    const loaded = await loadTeacher('strong', dir);
    const [a, b] = [model.getWeights(), loaded.getWeights()];
    expect(b.map((w) => w.shape)).toEqual(a.map((w) => w.shape));
    expect(Array.from(await b[0].data())).toEqual(Array.from(await a[0].data()));
    model.dispose();
    loaded.dispose();
  }, 120_000);

  it('trains exactly `epochs` without patience and leaves no tensor behind', async () => {
    await expectNoTensorLeak(
      async () => {
        const { model, epochs, bestEpoch } = await trainTeacher(distillers, samples(4), samples(2), { epochs: 2, batchSize: 4, learningRate: 3e-3, seed: 1 }, () => undefined);
        expect([epochs, bestEpoch]).toEqual([2, 1]);
        model.dispose();
      },
      { warmup: 1, steps: 2 },
    );
  }, 120_000);
});

describe('drawPanels', () => {
  it('gives one PNG per image and leaves no tensor behind', async () => {
    const { model: teacher } = await trainTeacher(distillers, samples(4), samples(2), { epochs: 1, batchSize: 4, learningRate: 3e-3, seed: 1 }, () => undefined);
    const student = buildStudent(0);
    let pngs: Uint8Array[] = [];
    await expectNoTensorLeak(() => void (pngs = drawPanels(teacher, student, samples(3), 3)));
    expect(pngs).toHaveLength(3);
    // The PNG signature.
    expect(Array.from(pngs[0].subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    teacher.dispose();
    student.dispose();
  }, 120_000);
});

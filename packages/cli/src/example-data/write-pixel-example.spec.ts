import { seededRandom } from '@selective-kd/core';
import { readSegmentationFolder } from '@selective-kd/pixel';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_SPLITS } from './example-splits.js';
import { makePixelExample, PIXEL_CLASSES, writePixelExample } from './write-pixel-example.js';

describe('the pixel walk-through data', () => {
  it('reads back through readSegmentationFolder: every label pixel its class index, every image its grey levels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-pixel-example-'));
    expect(await writePixelExample(dir, seededRandom(7))).toEqual({ train: 48, dev: 16, test: 16 });
    expect(JSON.parse(readFileSync(join(dir, 'classes.json'), 'utf8'))).toEqual(['background', 'disc', 'square', 'bar']);
    const made = makePixelExample(seededRandom(7));
    for (const split of EXAMPLE_SPLITS) {
      const samples = await readSegmentationFolder({ images: join(dir, split, 'images'), labels: join(dir, split, 'labels'), classes: PIXEL_CLASSES.length });
      expect(samples.map((s) => s.name)).toEqual(made[split].map((m) => m.name));
      samples.forEach((sample, i) => {
        expect([sample.width, sample.height, sample.channels]).toEqual([32, 32, 1]);
        expect(Array.from(sample.labels)).toEqual(Array.from(made[split][i].labels));
        // Grey PNG → [0, 1]: the reader's (0.299 + 0.587 + 0.114)·v / 255 is v / 255 up to float rounding.
        const grey = made[split][i].image;
        expect(sample.image.reduce((worst, v, p) => Math.max(worst, Math.abs(v - grey[p] / 255)), 0)).toBeLessThan(1e-6);
      });
    }
  });

  it('has every class in every split, shapes brighter than the background on average but overlapping it', () => {
    const made = makePixelExample(seededRandom(0));
    for (const split of EXAMPLE_SPLITS) {
      const counts = [0, 0, 0, 0];
      for (const { labels } of made[split]) for (const c of labels) counts[c]++;
      for (const count of counts) expect(count).toBeGreaterThan(0);
    }
    const levels: number[][] = [[], []];
    for (const { image, labels } of made.train) image.forEach((v, p) => levels[labels[p] === 0 ? 0 : 1].push(v));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(levels[1])).toBeGreaterThan(mean(levels[0]) + 50);
    // Level alone does not separate them: some background pixels are brighter than some shape pixels.
    expect(Math.max(...levels[0])).toBeGreaterThan(Math.min(...levels[1]));
  });

  it("golden values of writeExampleData's seed 0: class pixel counts of the training split", () => {
    // writeExampleData seeds the pixel set with 0x9e3779b9 for its seed 0. The counts come from python3
    // (zlib + numpy, its own PNG unfiltering) over the label PNGs that call wrote.
    const counts = [0, 0, 0, 0];
    for (const { labels } of makePixelExample(seededRandom(0x9e3779b9)).train) for (const c of labels) counts[c]++;
    expect(counts).toEqual([42281, 2402, 3218, 1251]);
  });
});

import { describe, expect, it } from 'vitest';
import { makeMosaics, MOSAIC_SIZE } from './mosaics.js';
import { halveItems, ITEM_SIZE, type SmallItems } from './small-items.js';

/** Item i is flat at intensity 0.2 + 0.08·i over its left half and 0 elsewhere; its class is i. */
function flatItems(count: number): SmallItems {
  const images = new Float32Array(count * ITEM_SIZE * ITEM_SIZE);
  for (let i = 0; i < count; i++) {
    for (let y = 0; y < ITEM_SIZE; y++) for (let x = 0; x < ITEM_SIZE / 2; x++) images[i * ITEM_SIZE * ITEM_SIZE + y * ITEM_SIZE + x] = 0.2 + 0.08 * i;
  }
  return { count, images, classes: Uint8Array.from({ length: count }, (_, i) => i) };
}

describe('halveItems', () => {
  it('averages 2×2 blocks and scales to [0, 1]', () => {
    const images = new Uint8Array(2 * 28 * 28);
    // Item 0's top-left block: 0, 255, 51, 102 → mean 102 → 0.4. Item 1: all 255.
    images.set([0, 255], 0);
    images.set([51, 102], 28);
    images.fill(255, 28 * 28);
    const small = halveItems({ count: 2, images, classes: Uint8Array.from([3, 7]) });
    expect(small.images.length).toBe(2 * ITEM_SIZE * ITEM_SIZE);
    expect(small.images[0]).toBeCloseTo(0.4, 6);
    expect(small.images[1]).toBe(0);
    expect(small.images[ITEM_SIZE * ITEM_SIZE]).toBeCloseTo(1, 6);
    expect([...small.classes]).toEqual([3, 7]);
  });
});

describe('makeMosaics', () => {
  it('places four items per mosaic and labels item pixels above 32/255 with class + 1', () => {
    const items = flatItems(10);
    const [mosaic] = makeMosaics(items, { from: 0, to: 10 }, 1, 7, 'm');
    expect(mosaic.width).toBe(MOSAIC_SIZE);
    expect(mosaic.image.length).toBe(MOSAIC_SIZE * MOSAIC_SIZE);
    for (const [top, left] of [[0, 0], [0, ITEM_SIZE], [ITEM_SIZE, 0], [ITEM_SIZE, ITEM_SIZE]]) {
      const value = mosaic.image[top * MOSAIC_SIZE + left];
      const item = Math.round((value - 0.2) / 0.08); // which flat item landed in this cell
      expect(mosaic.labels[top * MOSAIC_SIZE + left]).toBe(item + 1);
      expect(mosaic.labels[top * MOSAIC_SIZE + left + ITEM_SIZE - 1]).toBe(0); // the item's empty right half
    }
  });

  it('draws only from the range and reproducibly from the seed', () => {
    const items = flatItems(10);
    const a = makeMosaics(items, { from: 8, to: 10 }, 20, 3, 'a');
    const drawn = new Set(a.flatMap((m) => [...m.image]).filter((v) => v > 0).map((v) => Math.round((v - 0.2) / 0.08)));
    expect([...drawn].sort((x, y) => x - y)).toEqual([8, 9]);
    expect(makeMosaics(items, { from: 8, to: 10 }, 20, 3, 'a')).toEqual(a);
    expect(makeMosaics(items, { from: 0, to: 10 }, 5, 4, 'b')[0].image).not.toEqual(makeMosaics(items, { from: 0, to: 10 }, 5, 5, 'b')[0].image);
  });

  it('keeps intensity 32/255 as background and anything above as the item', () => {
    const images = new Float32Array(ITEM_SIZE * ITEM_SIZE).fill(32 / 255);
    images[0] = 33 / 255;
    const [mosaic] = makeMosaics({ count: 1, images, classes: Uint8Array.from([4]) }, { from: 0, to: 1 }, 1, 1, 'm');
    expect(mosaic.labels[0]).toBe(5);
    expect(mosaic.labels[1]).toBe(0);
  });
});

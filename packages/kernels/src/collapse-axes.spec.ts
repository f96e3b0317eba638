import { describe, expect, it } from 'vitest';
import { broadcastStrides, collapseAxes } from './collapse-axes.js';

describe('broadcastStrides', () => {
  it('gives row-major strides, right-aligned, with 0 on broadcast and missing axes', () => {
    expect(broadcastStrides([2, 3, 4], [2, 3, 4])).toEqual([12, 4, 1]);
    expect(broadcastStrides([2, 1, 4], [2, 3, 4])).toEqual([4, 0, 1]);
    expect(broadcastStrides([3, 1], [5, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([], [2, 2])).toEqual([0, 0]);
  });
});

describe('collapseAxes', () => {
  it('merges a trailing-axis broadcast into two axes', () => {
    const walk = { shape: [16, 56, 56, 11], strides: [broadcastStrides([16, 56, 56, 11], [16, 56, 56, 11]), broadcastStrides([16, 56, 56, 1], [16, 56, 56, 11])] };
    expect(collapseAxes(walk)).toEqual({ shape: [50176, 11], strides: [[11, 1], [1, 0]] });
  });

  it('merges equal shapes into one axis and drops size-1 axes', () => {
    expect(collapseAxes({ shape: [2, 1, 3, 4], strides: [[12, 12, 4, 1], [12, 12, 4, 1]] })).toEqual({ shape: [24], strides: [[1], [1]] });
  });

  it('keeps axes apart where one operand is broadcast and the other is not', () => {
    expect(collapseAxes({ shape: [3, 4], strides: [[1, 0], [0, 1]] })).toEqual({ shape: [3, 4], strides: [[1, 0], [0, 1]] });
    expect(collapseAxes({ shape: [2, 3, 4, 5], strides: [[60, 20, 5, 1], [0, 0, 5, 1]] })).toEqual({ shape: [6, 20], strides: [[20, 1], [0, 1]] });
  });

  it('walks a scalar as one step', () => {
    expect(collapseAxes({ shape: [1, 1], strides: [[0, 0], [1, 1]] })).toEqual({ shape: [1], strides: [[0], [0]] });
    expect(collapseAxes({ shape: [], strides: [[]] })).toEqual({ shape: [1], strides: [[0]] });
  });
});

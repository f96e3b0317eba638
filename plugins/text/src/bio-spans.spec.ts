import { expect, it } from 'vitest';
import { bioSpans } from './bio-spans.js';

it('reads BIO spans as conlleval does', () => {
  expect(bioSpans(['B-PER', 'I-PER', 'O', 'B-LOC'])).toEqual([
    { type: 'PER', start: 0, end: 2 },
    { type: 'LOC', start: 3, end: 4 },
  ]);
  // I- after O or another type starts a span; B- always does.
  expect(bioSpans(['I-X', 'I-X', 'B-X', 'O', 'I-Y'])).toEqual([
    { type: 'X', start: 0, end: 2 },
    { type: 'X', start: 2, end: 3 },
    { type: 'Y', start: 4, end: 5 },
  ]);
  expect(bioSpans(['B-X', 'I-Y'])).toEqual([
    { type: 'X', start: 0, end: 1 },
    { type: 'Y', start: 1, end: 2 },
  ]);
  expect(bioSpans(['O', 'O'])).toEqual([]);
});

import { expectSelectiveKdError } from '@selective-kd/testing';
import { expect, it } from 'vitest';
import { splitIntoWindows } from './split-into-windows.js';

it('splits a long sequence into consecutive windows, every item in exactly one', () => {
  expect(splitIntoWindows([1, 2, 3, 4, 5], 2)).toEqual([
    { offset: 0, items: [1, 2] },
    { offset: 2, items: [3, 4] },
    { offset: 4, items: [5] },
  ]);
  expect(splitIntoWindows([1, 2], 5)).toEqual([{ offset: 0, items: [1, 2] }]);
  expectSelectiveKdError(() => splitIntoWindows([1], 0), 'INVALID_OPTION', 'window length', 'got 0');
});

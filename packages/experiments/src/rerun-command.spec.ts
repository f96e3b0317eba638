import { expect, it } from 'vitest';
import { rerunCommand } from './rerun-command.js';

const defaults = { quick: { seeds: [0] }, full: { seeds: [0, 1, 2] } };

it("names --seeds only when they are not the mode's default", () => {
  expect(rerunCommand('pixel-segmentation', { mode: 'full', seeds: [0, 1, 2] }, defaults)).toBe(
    'npm run build && node examples/pixel-segmentation/dist/main.js --mode full',
  );
  expect(rerunCommand('text-pos-tagging', { mode: 'quick', seeds: [3, 4] }, defaults)).toBe(
    'npm run build && node examples/text-pos-tagging/dist/main.js --mode quick --seeds 3,4',
  );
});

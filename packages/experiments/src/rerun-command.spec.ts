import { expect, it } from 'vitest';
import { rerunCommand } from './rerun-command.js';

const regimes = ['strong', 'shifted', 'weak'];
const defaults = { quick: { seeds: [0], regimes: ['strong'] }, full: { seeds: [0, 1, 2, 3, 4], regimes } };

it("names --seeds and --regimes only when they are not the mode's default", () => {
  expect(rerunCommand('pixel-segmentation', { mode: 'full', seeds: [0, 1, 2, 3, 4], regimes }, defaults)).toBe(
    'npm run build && node examples/pixel-segmentation/dist/main.js --mode full',
  );
  expect(rerunCommand('text-pos-tagging', { mode: 'quick', seeds: [3, 4], regimes: ['strong'] }, defaults)).toBe(
    'npm run build && node examples/text-pos-tagging/dist/main.js --mode quick --seeds 3,4',
  );
  expect(rerunCommand('audio-note-frames', { mode: 'full', seeds: [0, 1, 2, 3, 4], regimes: ['weak'] }, defaults)).toBe(
    'npm run build && node examples/audio-note-frames/dist/main.js --mode full --regimes weak',
  );
});

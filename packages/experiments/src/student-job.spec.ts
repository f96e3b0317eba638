import { expect, it } from 'vitest';
import { jobName, settingsText } from './student-job.js';

it('names a job by regime, gate, seed and the settings given, in a fixed order', () => {
  expect(jobName({ regime: 'strong', gate: 'none', seed: 0, settings: {} })).toBe('strong_none_seed0');
  expect(jobName({ regime: 'weak', gate: 'loss-compare', seed: 3, settings: { margin: -0.1, temperature: 2, lambda: 0.5 } })).toBe(
    'weak_loss-compare_seed3_t2_l0.5_m-0.1',
  );
});

it('writes settings for a table cell', () => {
  expect(settingsText({ lambda: 0.5, temperature: 4 })).toBe('τ=4 λ=0.5');
  expect(settingsText({ margin: 0 })).toBe('margin=0');
  expect(settingsText({})).toBe('defaults');
});

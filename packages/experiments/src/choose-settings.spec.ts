import { describe, expect, it } from 'vitest';
import { candidatesOf, chooseSettings, isTuned } from './choose-settings.js';
import { run } from './report-fixtures.spec-helper.js';

const CONFIG = {
  regimes: ['strong', 'weak'],
  gates: ['none', 'all', 'loss-compare', 'soft'],
  grid: { all: [{ temperature: 4 }], 'loss-compare': [{ margin: 0 }, { margin: -0.5 }, { margin: -1 }], soft: [{ lambda: 1 }, { lambda: 2 }] },
  tuningSeeds: [0, 1],
  monitor: 'meanIoU',
} as const;

/** A tuning run whose dev mIoU is `dev`. */
const tuned = (regime: string, gate: 'loss-compare' | 'soft', seed: number, settings: object, dev: number) =>
  run(regime, gate, seed, 0, { settings, dev: { meanIoU: dev } });

describe('chooseSettings', () => {
  it('picks the candidate with the best mean dev score over the tuning seeds; ties go to the earlier one; untuned gates keep their one candidate', () => {
    const tuning = [
      // strong: margin -0.5 has the best mean (0.6) though margin 0 has the best single seed.
      tuned('strong', 'loss-compare', 0, { margin: 0 }, 0.7),
      tuned('strong', 'loss-compare', 1, { margin: 0 }, 0.4),
      tuned('strong', 'loss-compare', 0, { margin: -0.5 }, 0.6),
      tuned('strong', 'loss-compare', 1, { margin: -0.5 }, 0.6),
      tuned('strong', 'loss-compare', 0, { margin: -1 }, 0.5),
      tuned('strong', 'loss-compare', 1, { margin: -1 }, 0.5),
      // weak: lambda 1 and 2 tie at 0.5; the earlier wins.
      ...[0, 1].flatMap((seed) => [tuned('weak', 'soft', seed, { lambda: 1 }, 0.5), tuned('weak', 'soft', seed, { lambda: 2 }, 0.5)]),
      ...[0, 1].flatMap((seed) => [{ margin: 0 }, { margin: -0.5 }, { margin: -1 }].map((s) => tuned('weak', 'loss-compare', seed, s, 0.3))),
      ...[0, 1].flatMap((seed) => [tuned('strong', 'soft', seed, { lambda: 1 }, 0.2), tuned('strong', 'soft', seed, { lambda: 2 }, 0.25)]),
    ];
    expect(chooseSettings(CONFIG, tuning)).toEqual({
      strong: { none: {}, all: { temperature: 4 }, 'loss-compare': { margin: -0.5 }, soft: { lambda: 2 } },
      weak: { none: {}, all: { temperature: 4 }, 'loss-compare': { margin: 0 }, soft: { lambda: 1 } },
    });
  });

  it('makes no choice for a gate with a tuning run missing', () => {
    const tuning = [0, 1].flatMap((seed) => [tuned('strong', 'soft', seed, { lambda: 1 }, 0.2), tuned('strong', 'soft', seed, { lambda: 2 }, 0.25)]);
    const chosen = chooseSettings({ ...CONFIG, regimes: ['strong'], gates: ['soft', 'loss-compare'] }, tuning.slice(1));
    expect(chosen).toEqual({ strong: {} });
  });

  it('lists the candidates: core defaults when the grid is silent', () => {
    expect(candidatesOf(CONFIG, 'none')).toEqual([{}]);
    expect(isTuned(CONFIG, 'all')).toBe(false);
    expect(isTuned(CONFIG, 'soft')).toBe(true);
  });
});

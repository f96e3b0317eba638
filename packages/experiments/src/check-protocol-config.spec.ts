import { expectSelectiveKdError } from '@selective-kd/testing';
import { expect, it } from 'vitest';
import { checkProtocolConfig } from './check-protocol-config.js';
import type { ProtocolConfig } from './protocol-config.js';

const CONFIG: ProtocolConfig = {
  mode: 'full',
  regimes: ['strong', 'shifted'],
  gates: ['none', 'all', 'loss-compare'],
  seeds: [0, 1, 2, 3, 4],
  tuningSeeds: [0],
  grid: { 'loss-compare': [{ margin: 0 }, { margin: -0.5, temperature: 2 }] },
  batchSize: 8,
  learningRate: 1e-3,
  maxEpochs: 60,
  patience: 5,
  monitor: 'accuracy',
};

it('accepts a well-formed configuration', () => {
  expect(() => checkProtocolConfig(CONFIG)).not.toThrow();
  expect(() => checkProtocolConfig({ ...CONFIG, grid: {}, tuningSeeds: [] })).not.toThrow();
});

it('refuses each bad field by name', () => {
  const bad: [Partial<ProtocolConfig>, string][] = [
    [{ regimes: [] }, 'regimes must not be empty'],
    [{ regimes: ['a', 'a'] }, 'regimes must not repeat a value'],
    [{ regimes: ['no/slash'] }, "regimes: 'no/slash' is not a file-name-safe name"],
    [{ gates: ['best' as never] }, "gates: 'best' is not one of"],
    [{ seeds: [0.5] }, 'seeds and tuningSeeds must be integers, got 0.5'],
    [{ tuningSeeds: [] }, 'tuningSeeds must not be empty'],
    [{ grid: { soft: [{ tau: 2 } as never] } }, "grid.soft: unknown setting 'tau'"],
    [{ grid: { soft: [{ margin: Number.NaN }] } }, 'grid.soft.margin must be a finite number, got NaN'],
    [{ grid: { soft: [{ temperature: 0 }] } }, 'grid.soft.temperature must be > 0, got 0'],
    [{ maxEpochs: 0 }, 'maxEpochs must be a positive integer, got 0'],
    [{ patience: 1.5 }, 'patience must be a positive integer, got 1.5'],
    [{ monitor: '' }, 'monitor must name a dev metric'],
  ];
  for (const [change, message] of bad) expectSelectiveKdError(() => checkProtocolConfig({ ...CONFIG, ...change }), 'INVALID_OPTION', message);
});

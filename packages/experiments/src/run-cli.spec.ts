import { expectSelectiveKdError } from '@selective-kd/testing';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProtocolConfig } from './protocol-config.js';
import { parseCli } from './run-cli.js';

const base = { batchSize: 1, learningRate: 1e-3, gates: ['all'], tuningSeeds: [0], grid: {}, maxEpochs: 5, patience: 2, monitor: 'accuracy' } as const;
const QUICK: ProtocolConfig = { ...base, mode: 'quick', regimes: ['strong'], seeds: [0] };
const FULL: ProtocolConfig = { ...base, mode: 'full', regimes: ['strong', 'shifted', 'weak'], seeds: [0, 1, 2, 3, 4] };
const options = { exampleDir: '/repo/examples/x/', quick: QUICK, full: FULL, quickDuration: 'a few minutes' };

describe('parseCli', () => {
  it('runs quick mode by default, writing under results/quick', () => {
    expect(parseCli([], options)).toEqual({
      config: QUICK,
      paths: {
        outDir: join('/repo/examples/x', 'results', 'quick'),
        cacheDir: join('/repo/examples/x', '.cache'),
        runsDir: join('/repo/examples/x', '.cache', 'runs', 'quick'),
      },
      backend: undefined,
      workers: availableParallelism(),
    });
  });

  it('writes full mode next to the README, its runs in the committed runs/full, with the seeds, regimes and backend given', () => {
    expect(parseCli(['--mode', 'full', '--seeds', '3,4', '--regimes', 'weak,strong', '--backend', 'cpu', '--workers', '3'], options)).toEqual({
      config: { ...FULL, seeds: [3, 4], regimes: ['weak', 'strong'] },
      paths: { outDir: '/repo/examples/x/', cacheDir: join('/repo/examples/x', '.cache'), runsDir: join('/repo/examples/x', 'runs', 'full') },
      backend: 'cpu',
      workers: 3,
    });
  });

  it('answers --help with the usage and refuses an unknown mode', () => {
    const usage = `usage: node dist/main.js [--mode quick|full] [--seeds 0,1,2] [--regimes strong,shifted,weak] [--workers N] [--backend wasm|cpu|node|node-gpu]
  quick (default): a few minutes on 2 cores, results in results/quick/
  full: the numbers in RESULTS.md
  --workers: student runs in parallel worker processes (default: one per core, here ${availableParallelism()});
    1 trains in this process. Each finished run is kept (full: runs/full/, committed; quick: .cache/runs/quick/)
    and a rerun skips it, so more seeds or another sitting train only what is missing.`;
    expect(parseCli(['--help'], options)).toEqual({ help: usage });
    expect(() => parseCli(['--mode', 'slow'], options)).toThrow(`--mode must be quick or full\n${usage}`);
  });

  it('refuses a regime the mode does not have', () => {
    expectSelectiveKdError(() => parseCli(['--regimes', 'weak'], options), 'INVALID_OPTION', "--regimes: 'weak' is not one of strong");
  });

  it('refuses a worker count that is not a positive integer', () => {
    for (const given of ['0', '-1', '1.5', 'two']) {
      expectSelectiveKdError(() => parseCli([`--workers=${given}`], options), 'INVALID_OPTION', `--workers must be a positive integer, got '${given}'`);
    }
  });
});

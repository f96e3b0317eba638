import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SelectiveKdError } from '../selective-kd-error.js';
import { readCheckpoint } from './read-checkpoint.js';

// Truncations and random JSON in place of a checkpoint's pointer or state file always give a
// SelectiveKdError with code CHECKPOINT, or a state whose positions are whole numbers — never a raw
// SyntaxError or TypeError. fast-check with a fixed seed, so a failure reproduces.

const RUNS = { seed: 20261130, numRuns: 60 };
const POINTER = JSON.stringify({ format: 'selective-kd-checkpoint', version: 1, generation: 2, latest: 'checkpoint-2' });
const STATE = JSON.stringify({
  epoch: 1,
  step: 3,
  globalStep: 9,
  stepsInEpoch: 6,
  seed: 42,
  options: { gate: 'loss-compare', margin: 0, temperature: 1, alpha: 1, lambda: 1, groundTruthScope: 'all', normalizer: 'valid' },
  epochTotals: { loss: 1.5, groundTruthLoss: 1, distillLoss: 0.5, teacherBetterFraction: 0.4 },
  history: [{ epoch: 0, steps: 6, loss: 0.9, groundTruthLoss: 0.6, distillLoss: 0.3, teacherBetterFraction: 0.5, metrics: {} }],
});

function checkpointWith(pointer: string, state: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'skd-ckpt-prop-'));
  mkdirSync(join(dir, 'checkpoint-2'));
  writeFileSync(join(dir, 'checkpoint.json'), pointer);
  writeFileSync(join(dir, 'checkpoint-2', 'state.json'), state);
  return dir;
}

async function readsOrRefuses(dir: string): Promise<void> {
  try {
    const { state } = await readCheckpoint(dir);
    expect([state.epoch, state.step, state.globalStep].every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(SelectiveKdError);
    expect((error as SelectiveKdError).code).toBe('CHECKPOINT');
  }
}

describe('readCheckpoint on random damage', () => {
  it('the checkpoint the properties damage reads', async () => {
    expect((await readCheckpoint(checkpointWith(POINTER, STATE))).state.globalStep).toBe(9);
  });

  it('every truncation of the pointer or the state gives a CHECKPOINT error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), async (cutPointer, at) => {
        const cut = (text: string) => text.slice(0, Math.floor(at * text.length));
        const dir = cutPointer ? checkpointWith(cut(POINTER), STATE) : checkpointWith(POINTER, cut(STATE));
        await expect(readCheckpoint(dir)).rejects.toMatchObject({ name: 'SelectiveKdError', code: 'CHECKPOINT' });
      }),
      RUNS,
    );
  });

  it('random JSON as the pointer or the state is refused or reads as a sane state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.json(), async (asPointer, json) => {
        await readsOrRefuses(asPointer ? checkpointWith(json, STATE) : checkpointWith(POINTER, json));
      }),
      RUNS,
    );
  });
});

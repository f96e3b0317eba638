import * as tfl from '@tensorflow/tfjs-layers';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { fileSystem } from './file-system.js';

// The child runs core's TypeScript sources through test/fixtures/typescript-hooks.mjs
// (see there why that and not the built dist/).
const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const NODE_ARGS = ['--conditions=@selective-kd/source', '--import', join(fixtures, 'typescript-hooks.mjs'), join(fixtures, 'train-child.mjs')];

interface ChildRun {
  events: Array<Record<string, unknown>>;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderr: string;
}

/** Runs the training child and collects the JSON lines it prints; a run that says it stalled is killed. */
function runChild(mode: 'full' | 'killed' | 'resume', checkpointDir: string, outDir: string): Promise<ChildRun> {
  const child = spawn(process.execPath, [...NODE_ARGS, mode, checkpointDir, outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: ChildRun['events'] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => void (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    events.push(event);
    // Killed hard, mid-epoch, two trained steps after its last checkpoint.
    if (event.event === 'stalled') child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ events, exit: { code, signal }, stderr }));
  });
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('kill and resume', () => {
  it('a run killed with SIGKILL and resumed from its checkpoint ends with the weights of an uninterrupted run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'skd-kill-'));
    const [full, killed] = await Promise.all([
      runChild('full', join(root, 'full-checkpoints'), join(root, 'full')),
      runChild('killed', join(root, 'checkpoints'), join(root, 'unused')),
    ]);
    expect(full.exit, full.stderr).toEqual({ code: 0, signal: null });
    expect(killed.exit, killed.stderr).toEqual({ code: null, signal: 'SIGKILL' });
    expect(killed.events.map((e) => e.event)).toEqual(['checkpoint', 'checkpoint', 'checkpoint', 'stalled']);
    expect(killed.events[2]).toMatchObject({ epoch: 1, step: 2, globalStep: 8 });

    const resumed = await runChild('resume', join(root, 'checkpoints'), join(root, 'resumed'));
    expect(resumed.exit, resumed.stderr).toEqual({ code: 0, signal: null });
    // It picked up at the checkpoint, redid the two lost steps, and checkpointed as the full run did from there.
    const positions = (run: ChildRun) => run.events.filter((e) => e.event === 'checkpoint').map((e) => e.globalStep);
    expect(positions(resumed)).toEqual([12, 12, 16, 18]);
    expect(positions(full)).toEqual([4, 6, 8, 12, 12, 16, 18]);

    const [expected, actual] = await Promise.all(
      ['full', 'resumed'].map((name) => tfl.loadLayersModel(fileSystem(join(root, name)))),
    );
    const expectedWeights = expected.getWeights();
    const actualWeights = actual.getWeights();
    expect(actualWeights).toHaveLength(4);
    actualWeights.forEach((w, i) => expect(w.arraySync()).toEqual(expectedWeights[i].arraySync()));
    const history = (name: string) =>
      (JSON.parse(readFileSync(join(root, name, 'history.json'), 'utf8')) as Array<Record<string, number>>).map((h) => [h.epoch, h.steps, h.loss]);
    const fullHistory = history('full');
    history('resumed').forEach(([epoch, steps, loss], i) => {
      expect([epoch, steps]).toEqual(fullHistory[i].slice(0, 2));
      expect(loss).toBeCloseTo(fullHistory[i][2], 6);
    });
    expected.dispose();
    actual.dispose();
    // Three child processes, each loading tfjs and core's sources: about 15 s on an idle machine, minutes on a loaded one.
  }, 300_000);
});

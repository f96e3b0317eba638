import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { plotCommand } from './plot.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two epochs as core's MetricsLog writes them, with validation.
const LOG = [
  { type: 'train-begin', epochs: 2, teacher: true, options: { gate: 'loss-compare' } },
  { type: 'epoch', epoch: 0, steps: 1, loss: 1.5, groundTruthLoss: 1, distillLoss: 0.5, teacherBetterFraction: 0.6, metrics: {}, validation: { batches: 1, loss: 1.2, metrics: { accuracy: 0.5 } } },
  { type: 'epoch', epoch: 1, steps: 1, loss: 1.25, groundTruthLoss: 0.75, distillLoss: 0.5, teacherBetterFraction: 0.5, metrics: {}, validation: { batches: 1, loss: 1.1, metrics: { accuracy: 0.625 } } },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

function io() {
  const out: string[] = [];
  return { out, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined } } as never };
}

describe('selective-kd plot', () => {
  const run = join(dir, 'student-run');
  const log = join(run, 'metrics.jsonl');
  beforeAll(() => {
    mkdirSync(run);
    writeFileSync(log, LOG);
  });

  it('writes training-curves.svg and .png beside the log and prints their paths', async () => {
    const { out, io: cliIo } = io();
    await plotCommand([log], cliIo);
    const svg = join(run, 'training-curves.svg');
    expect(out.join('')).toBe(`${relative(process.cwd(), svg)}\n${relative(process.cwd(), join(run, 'training-curves.png'))}\n`);
    const text = readFileSync(svg, 'utf8');
    for (const label of ['training loss', 'teacher-better share', 'dev accuracy', 'epoch', 'student-run']) expect(text).toContain(`>${label}</text>`);
    expect([...readFileSync(join(run, 'training-curves.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('takes --out, --monitor and --title', async () => {
    const { out, io: cliIo } = io();
    await plotCommand([log, '--out', join(dir, 'figs', 'curves'), '--monitor', 'loss', '--title', 'my run'], cliIo);
    expect(out.join('')).toContain('curves.png');
    const text = readFileSync(join(dir, 'figs', 'curves.svg'), 'utf8');
    expect(text).toContain('>my run</text>');
    expect(text).toContain('>dev loss</text>');
  });

  it('refuses a bad command line as a usage error and a bad log as an input error', async () => {
    const { io: cliIo } = io();
    await expect(plotCommand([], cliIo)).rejects.toThrow(new UsageError('plot takes one metrics log (metrics.jsonl); got 0 (selective-kd plot --help)'));
    await expect(plotCommand([log, '--colour', 'red'], cliIo)).rejects.toBeInstanceOf(UsageError);
    await expect(plotCommand([log, '--out', ''], cliIo)).rejects.toThrow('plot: --out must not be empty');
    await expect(plotCommand([log, '--monitor', 'f1'], cliIo)).rejects.toMatchObject({ name: 'SelectiveKdError', code: 'INVALID_INPUT', message: expect.stringContaining(`monitor "f1" is not in the log's validation records`) });
    await expect(plotCommand([join(dir, 'nothing.jsonl')], cliIo)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('cannot read the metrics log') });
  });
});

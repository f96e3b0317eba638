import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from './run-cli.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } as never };
}

describe('selective-kd plot through the dispatcher', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-run-plot-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed in the main help and has its own', async () => {
    const main = capture();
    expect(await runCli(['--help'], main.io)).toBe(EXIT.ok);
    expect(main.out.join('')).toContain('plot <metrics.jsonl>');
    const own = capture();
    expect(await runCli(['plot', '--help'], own.io)).toBe(EXIT.ok);
    expect(own.out.join('')).toMatch(/^Usage: selective-kd plot <metrics.jsonl>/);
  });

  it('writes the figure given --out', async () => {
    const log = join(dir, 'metrics.jsonl');
    const epoch = (epoch: number, loss: number) =>
      JSON.stringify({ type: 'epoch', epoch, steps: 1, loss, groundTruthLoss: loss, distillLoss: 0, teacherBetterFraction: 0, metrics: {} });
    writeFileSync(log, [JSON.stringify({ type: 'train-begin', epochs: 2, teacher: false, options: { gate: 'none' } }), epoch(0, 2), epoch(1, 1)].join('\n'));
    const run = capture();
    expect(await runCli(['plot', log, '--out', join(dir, 'curves')], run.io)).toBe(EXIT.ok);
    expect(existsSync(join(dir, 'curves.svg')) && existsSync(join(dir, 'curves.png'))).toBe(true);
  });

  it('refuses a missing log path and an unknown option with exit code 2', async () => {
    const none = capture();
    expect(await runCli(['plot'], none.io)).toBe(EXIT.usage);
    expect(none.err.join('')).toContain('plot takes one metrics log');
    const unknown = capture();
    expect(await runCli(['plot', 'metrics.jsonl', '--colour', 'red'], unknown.io)).toBe(EXIT.usage);
    expect(unknown.err.join('')).toContain("'--colour'");
  });

  it('fails with exit code 1 naming a log that does not exist', async () => {
    const run = capture();
    expect(await runCli(['plot', join(dir, 'nowhere.jsonl')], run.io)).toBe(EXIT.failure);
    expect(run.err.join('')).toContain('nowhere.jsonl');
  });
});

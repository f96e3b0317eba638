import { SelectiveKdError } from '@selective-kd/core';
import { PlotInputError, plotMetricsLog } from '@selective-kd/plots';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../usage-error.js';

/** The options of `selective-kd plot`, in the dispatcher's `parseArgs` format. */
export const PLOT_OPTIONS = { out: { type: 'string', short: 'o' }, monitor: { type: 'string' }, title: { type: 'string' } } as const;

export const PLOT_USAGE = `Usage: selective-kd plot <metrics.jsonl> [--out <path-without-extension>] [--monitor <metric>] [--title <text>]

Draws the training curves of a run from its metrics log (the metrics.jsonl that
distill writes into config.output): training loss, ground-truth and distillation
terms, teacher-better share and a dev metric against the epoch. Writes <out>.svg
and <out>.png (default out: training-curves beside the log) and prints both paths.
--monitor picks the dev metric ('loss' for the dev loss; default: early stopping's
monitor, else the first validation metric).`;

/** `selective-kd plot <metrics.jsonl> [--out <path>] [--monitor <metric>] [--title <text>]`. */
export async function plotCommand(args: string[], io: CliIo): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: PLOT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`plot: ${(error as Error).message} (selective-kd plot --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`plot takes one metrics log (metrics.jsonl); got ${positionals.length} (selective-kd plot --help)`);
  for (const option of ['out', 'monitor', 'title'] as const) {
    if (values[option] === '') throw new UsageError(`plot: --${option} must not be empty`);
  }
  const log = positionals[0];
  const out = values.out ?? join(dirname(log), 'training-curves');
  try {
    const written = await plotMetricsLog(log, out, { monitor: values.monitor, title: values.title });
    const show = (path: string) => relative(process.cwd(), path) || path;
    io.stdout.write(`${show(written.svg)}\n${show(written.png)}\n`);
  } catch (error) {
    // The plots package has its own error class; the CLI reports input errors as SelectiveKdError like every command.
    if (error instanceof PlotInputError) throw new SelectiveKdError('INVALID_INPUT', error.message);
    throw error;
  }
}

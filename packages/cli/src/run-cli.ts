import { SelectiveKdError } from '@selective-kd/core';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo } from './cli-io.js';
import { distill } from './commands/distill.js';
import { evaluate } from './commands/evaluate.js';
import { exampleData } from './commands/example-data.js';
import { COMMANDS, usage, type Command } from './commands/help.js';
import { PLOT_OPTIONS, plotCommand } from './commands/plot.js';
import { didYouMean } from './config/did-you-mean.js';
import { UsageError } from './usage-error.js';

/** Exit codes: done, failed while running, bad command line or config. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Runs one `selective-kd` command line (without `node` and the script) and
 * returns its exit code; errors are reported on `io.stderr`, never thrown.
 */
export async function runCli(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    await run(argv, io);
    return EXIT.ok;
  } catch (error) {
    const usageError = error instanceof UsageError;
    const message = error instanceof SelectiveKdError || error instanceof TypeError ? error.message : String((error as Error)?.stack ?? error);
    io.stderr.write(`selective-kd: ${usageError ? '' : 'error: '}${message}\n`);
    return usageError ? EXIT.usage : EXIT.failure;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<void> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout.write(usage());
    return;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${version()}\n`);
    return;
  }
  if (!COMMANDS.includes(first as Command)) {
    throw new UsageError(`unknown command '${first}'${didYouMean(first, COMMANDS)}; the commands are ${COMMANDS.join(', ')} (selective-kd --help)`);
  }
  const command = first as Command;
  const { values, positionals } = parse(command, rest);
  if (values.help) {
    io.stdout.write(usage(command));
    return;
  }
  switch (command) {
    case 'distill':
      noPositionals(command, positionals);
      return distill(required(command, values.config, '--config <file.json>'), io);
    case 'evaluate':
      noPositionals(command, positionals);
      return evaluate({ config: required(command, values.config, '--config <file.json>'), model: values.model, json: values.json }, io);
    case 'example-data': {
      if (positionals.length !== 1) throw new UsageError(`example-data takes one folder; got ${positionals.length} (${usage('example-data').split('\n')[0]})`);
      const seed = values.seed === undefined ? 0 : Number(values.seed);
      if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number ≥ 0; got ${JSON.stringify(values.seed)}`);
      return exampleData(positionals[0], seed, io);
    }
    case 'plot':
      return plotCommand(rest, io);
  }
}

const OPTIONS = {
  distill: { config: { type: 'string', short: 'c' } },
  evaluate: { config: { type: 'string', short: 'c' }, model: { type: 'string', short: 'm' }, json: { type: 'boolean' } },
  'example-data': { seed: { type: 'string' } },
  plot: PLOT_OPTIONS,
} as const;

function parse(command: Command, args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...OPTIONS[command], help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as { config?: string; model?: string; json?: boolean; seed?: string; help?: boolean }, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message} (selective-kd ${command} --help)`);
  }
}

function required(command: Command, value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`${command} needs ${option} (selective-kd ${command} --help)`);
  return value;
}

function noPositionals(command: Command, positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`${command} takes no bare arguments; got ${positionals.map((p) => `'${p}'`).join(' ')} (selective-kd ${command} --help)`);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

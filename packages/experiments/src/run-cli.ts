import { SelectiveKdError, type BackendPreference } from '@selective-kd/core';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunOptions } from './experiment-outcome.js';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import { workerCount } from './worker-count.js';

export interface CliOptions<Config extends ProtocolConfig> {
  /** The example's folder: full runs write there (next to its README), quick runs under results/quick/. */
  exampleDir: string;
  quick: Config;
  full: Config;
  /** How long quick mode takes on 2 cores, for the usage text ('a few minutes'). */
  quickDuration: string;
}

/** What the command line asked for: the usage text, or a run. */
export type CliRequest<Config extends ProtocolConfig> =
  | { help: string }
  | { config: Config; paths: ExperimentPaths; backend: BackendPreference | undefined; workers: number };

/**
 * The usage text and a parse of `--mode quick|full --seeds 0,1,2 --regimes a,b
 * --workers N --backend … --help`; throws on a bad mode, regime or worker count.
 */
export function parseCli<Config extends ProtocolConfig>(args: readonly string[], options: CliOptions<Config>): CliRequest<Config> {
  const usage = `usage: node dist/main.js [--mode quick|full] [--seeds 0,1,2] [--regimes ${options.full.regimes.join(',')}] [--workers N] [--backend wasm|cpu|node|node-gpu]
  quick (default): ${options.quickDuration} on 2 cores, results in results/quick/
  full: the numbers in RESULTS.md
  --workers: student runs in parallel worker processes (default: one per core, here ${availableParallelism()});
    1 trains in this process. Each finished run is kept (full: runs/full/, committed; quick: .cache/runs/quick/)
    and a rerun skips it, so more seeds or another sitting train only what is missing.`;
  const { values } = parseArgs({
    args: [...args],
    options: {
      mode: { type: 'string', default: 'quick' },
      seeds: { type: 'string' },
      regimes: { type: 'string' },
      backend: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: usage };
  if (values.mode !== 'quick' && values.mode !== 'full') throw new Error(`--mode must be quick or full\n${usage}`);
  const workers = workerCount(values.workers, usage);
  const base = values.mode === 'full' ? options.full : options.quick;
  const regimes = values.regimes?.split(',');
  const unknown = regimes?.find((r) => !base.regimes.includes(r));
  if (unknown !== undefined) throw new SelectiveKdError('INVALID_OPTION', `--regimes: '${unknown}' is not one of ${base.regimes.join(', ')}\n${usage}`);
  const config: Config = {
    ...base,
    ...(values.seeds ? { seeds: values.seeds.split(',').map(Number) } : {}),
    ...(regimes ? { regimes } : {}),
  };
  const { exampleDir } = options;
  const cacheDir = join(exampleDir, '.cache');
  const paths =
    config.mode === 'full'
      ? { outDir: exampleDir, cacheDir, runsDir: join(exampleDir, 'runs', 'full') }
      : { outDir: join(exampleDir, 'results', 'quick'), cacheDir, runsDir: join(cacheDir, 'runs', 'quick') };
  return { config, paths, backend: values.backend as BackendPreference | undefined, workers };
}

/** What a run hands back for the terminal: the per-regime tables and verdicts, and RESULTS.md's path. */
export interface CliOutcome {
  report: { markdown: string };
  resultsFile: string;
}

export interface RunCliOptions<Config extends ProtocolConfig, Outcome extends CliOutcome> extends CliOptions<Config> {
  run: (config: Config, paths: ExperimentPaths, options: Pick<RunOptions, 'backend' | 'workers'>) => Promise<Outcome>;
  /** The files to name after the verdict. Default: RESULTS.md. */
  written?: (outcome: Outcome) => string[];
  args?: readonly string[];
}

/**
 * An example's `main`: parses the command line, runs, prints each regime's
 * table and verdict and the files written; on error (failed student runs among them)
 * prints the message and exits 1.
 */
export async function runCli<Config extends ProtocolConfig, Outcome extends CliOutcome>({
  run,
  written = (outcome) => [outcome.resultsFile],
  args = process.argv.slice(2),
  ...options
}: RunCliOptions<Config, Outcome>): Promise<void> {
  try {
    const request = parseCli(args, options);
    if ('help' in request) return console.log(request.help);
    const outcome = await run(request.config, request.paths, { backend: request.backend, workers: request.workers });
    console.log(`\n${outcome.report.markdown}\nwritten: ${written(outcome).join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

import type { Architecture } from '../architectures/architecture.js';
import { ARCHITECTURES } from '../architectures/architectures.js';
import { PLOT_USAGE } from './plot.js';

export const COMMANDS = ['distill', 'evaluate', 'example-data', 'plot'] as const;
export type Command = (typeof COMMANDS)[number];

const USAGE: Record<Command | 'main', string> = {
  main: `Usage: selective-kd <command> [options]

Commands:
  distill --config <file.json>                     train a student (from a teacher, or on the ground truth alone)
  evaluate --config <file.json> [--model <path>]   score a model on the config's test split
  example-data <folder>                            write small pixel, text and audio data sets and their walk-through configs
  plot <metrics.jsonl> [--out <path>]              draw a run's training curves (SVG and PNG) from its metrics log

Options:
  -h, --help      this help, or a command's (selective-kd distill --help)
  -v, --version   the version

Exit codes: 0 done, 1 failed while running, 2 bad command line or config.`,
  distill: `Usage: selective-kd distill --config <file.json>

Trains the config's student and writes into config.output: model.json (+ weights),
task.json, metrics.jsonl, results.md, results.json, masks/ (contrast-mask pictures)
and checkpoint/. Started again after an interruption, it resumes from the checkpoint.
Without config.teacher the student learns the ground truth alone (gate 'none').
Every config field, its default and what it allows: the Usage section of
@selective-kd/cli's README, or docs/cli.md in the selective-kd repository.

Student architectures (config.student.architecture, with size options):
${Object.entries(ARCHITECTURES)
  .map(([modality, named]) =>
    (Object.entries(named) as [string, Architecture<unknown>][])
      .map(([name, a]) => `  ${modality} ${name}: ${Object.entries(a.sizes).map(([k, s]) => `${k} (default ${s.default})`).join(', ')}`)
      .join('\n'),
  )
  .join('\n')}`,
  evaluate: `Usage: selective-kd evaluate --config <file.json> [--model <model.json or folder>] [--json]

Scores a model on the config's test split with the modality's metrics (default model:
the student in config.output). Prints a table, or JSON with --json.`,
  'example-data': `Usage: selective-kd example-data <folder> [--seed <n>]

Writes <folder>/pixel, <folder>/text and <folder>/audio (small data sets made by code,
deterministic from the seed, default 0) and the walk-through configs beside them:
<folder>/<modality>-teacher.json and <folder>/<modality>-student.json.`,
  plot: PLOT_USAGE,
};

/** The help text of the CLI or of one command. */
export function usage(command: Command | 'main' = 'main'): string {
  return `${USAGE[command]}\n`;
}

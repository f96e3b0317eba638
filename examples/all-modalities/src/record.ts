import type { Gate } from '@selective-kd/core';
import { gateRecord, studentRunMinutes, type ProtocolReport } from '@selective-kd/experiments';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLES, exampleDir } from './examples.js';
import { readFullRun, type FullRun } from './full-report.js';

/** The distilling gates other than vanilla KD, each against the better baseline. */
const RECORDED_GATES: readonly { gate: Gate; title: string }[] = [
  { gate: 'rectified', title: 'Rectified teacher' },
  { gate: 'loss-compare', title: 'Selective distillation (loss-compare)' },
  { gate: 'teacher-correct', title: 'Teacher-correct units' },
  { gate: 'soft', title: 'Soft weights' },
];

const RECORD_FILE = join(fileURLToPath(new URL('..', import.meta.url)), 'RECORD.md');

/**
 * The record across every (modality, regime) cell of the examples' committed
 * full runs: each distilling gate besides vanilla KD against the better of
 * ground truth only and vanilla KD. Trains nothing; prints the
 * record and writes it to examples/all-modalities/RECORD.md.
 */
function main(): void {
  const runs = EXAMPLES.map((example) => ({ example, run: readFullRun(exampleDir(example), example.report) }));
  const found = runs.filter((r): r is { example: (typeof runs)[number]['example']; run: FullRun } => r.run !== undefined);
  const missing = runs.filter((r) => r.run === undefined).map((r) => r.example.name);
  const reports: ProtocolReport[] = found.map((r) => r.run.report);
  const sources = found.map(
    ({ example, run }) =>
      `- ${example.name}: \`${relative(process.cwd(), run.file)}\`, ${run.results.runs.length} final runs and ${run.results.tuning.length} tuning runs ` +
      `(${studentRunMinutes(run.results).toFixed(0)} min of student training in all), ${run.results.backend.split(' (')[0]}, ${run.results.machine}`,
  );
  const markdown = [
    '# The gates across modalities and regimes',
    '',
    'Made by `npm run build && node examples/all-modalities/dist/record.js` from the examples\' committed full runs (it trains nothing):',
    '',
    ...sources,
    ...(missing.length > 0 ? [`- no full run of the regime protocol yet: ${missing.join(', ')}`] : []),
    '',
    'Each cell compares a gate with the better of ground truth only and vanilla KD on that regime (higher mean test metric), ' +
      'per seed, in metric points: mean ± std (wins/ties/losses over seeds) [95% t-interval].',
    '',
    ...RECORDED_GATES.flatMap(({ gate, title }) => [`## ${title}`, '', gateRecord(reports, gate).markdown, '']),
    ...figures(found.map((r) => r.example)),
  ].join('\n');
  writeFileSync(RECORD_FILE, markdown);
  console.log(markdown);
  console.log(`written: ${relative(process.cwd(), RECORD_FILE)}`);
}

/**
 * Each example's results figure of its full run (every seed per gate and
 * regime, and the paired differences), where its full run has drawn one.
 */
function figures(examples: readonly (typeof EXAMPLES)[number][]): string[] {
  const drawn = examples
    .map((example) => ({ name: example.name, file: join(exampleDir(example), 'figures', 'full', 'results.png') }))
    .filter(({ file }) => existsSync(file));
  if (drawn.length === 0) return [];
  const link = (file: string) => relative(dirname(RECORD_FILE), file).split(sep).join('/');
  return [
    '## Every seed, per example',
    '',
    "Each example's results figure from its full run: every seed's test score per gate and regime, and the paired differences against both baselines.",
    '',
    ...drawn.flatMap(({ name, file }) => [`### ${name}`, '', `![${name}: test score per gate and regime](${link(file)})`, '']),
  ];
}

main();

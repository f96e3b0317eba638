import { machineDescription, rerunCommand } from '@selective-kd/experiments';
import { relative } from 'node:path';
import { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';

export interface ResultsMarkdownInputs {
  config: ExperimentConfig;
  table: string;
  verdict: string;
  backend: string;
  minutes: number;
  panelFiles: string[];
  outDir: string;
}

/** RESULTS.md: the table, the verdict, and everything needed to rerun it. */
export function resultsMarkdown(r: ResultsMarkdownInputs): string {
  const { config } = r;
  const command = rerunCommand('pixel-segmentation', config, { quick: QUICK, full: FULL });
  return `# Pixel segmentation: selective vs plain distillation (${config.mode} mode)

${r.verdict}

${r.table}

Test mIoU is the mean over the 11 classes (background + 10 Fashion-MNIST items) of the per-class
intersection over union on ${config.testMosaics} test mosaics; mean ± sample standard deviation over seeds
${config.seeds.join(', ')}. The teacher-better fraction is the share of valid pixels at which the gate
followed the teacher, averaged over training. Every gate's student starts from the same weights for a given seed.

## How this was made

- Command: \`${command}\` (from the repository root; ${r.minutes.toFixed(1)} minutes in all)
- Machine: ${machineDescription()}
- Backend: ${r.backend}
- Data: Debian \`dataset-fashion-mnist\`; ${config.trainMosaics} training mosaics (2×2 items, 56×56) drawn from the train split with seed 1234, ${config.testMosaics} test mosaics from the test split with seed 5678; per-pixel label = item class + 1 where the item's intensity > 32, else 0 (background).
- Teacher: conv encoder–decoder with a full-resolution skip, trained ${config.teacherEpochs} epochs on the ground truth (seed 1).
- Students: ≈5k-weight conv encoder–decoder with 28×28 logits (resized to 56×56 by the pixel plugin), ${config.studentEpochs} epochs, batch ${config.batchSize}, Adam ${config.learningRate}, τ = ${config.temperature}, α = λ = 1.

## Contrast masks

Input | ground truth | teacher | selective student | contrast mask (white: the teacher was better), test images, loss-compare student of seed ${config.seeds[0]}:

${r.panelFiles.map((f) => `![](${relative(r.outDir, f)})`).join('\n')}
`;
}

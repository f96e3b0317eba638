import { resultFiguresMarkdown, rerunCommand, studentRunMinutes, type ProtocolReport, type ProtocolResults, type ResultFigures } from '@selective-kd/experiments';
import { relative } from 'node:path';
import { CAMERA_SHIFT } from './camera-shift.js';
import { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
import { REGIMES, type PixelRegime } from './regimes.js';

export interface ResultsMarkdownInputs {
  config: ExperimentConfig;
  report: ProtocolReport;
  results: ProtocolResults<ExperimentConfig>;
  /** The results figure and training curves written beside RESULTS.md. */
  figures: ResultFigures;
  panelFiles: string[];
  outDir: string;
}

/** RESULTS.md: per regime what it is, the table and the verdict, then everything needed to rerun it. */
export function resultsMarkdown({ config, figures, report, results, panelFiles, outDir }: ResultsMarkdownInputs): string {
  const pictures = resultFiguresMarkdown(figures, outDir);
  const command = rerunCommand('pixel-segmentation', config, { quick: QUICK, full: FULL });
  const { mosaics } = config;
  const sections = report.regimes.map(
    (r) => `## Regime \`${r.regime}\`

${REGIMES[r.regime as PixelRegime].description}

${r.table}

${r.verdict}
`,
  );
  const panels = panelFiles.map((f) => `![](${relative(outDir, f)})`).join('\n');
  return `# Pixel segmentation: when distillation pays off (${config.mode} mode)

Every student is trained to convergence: early stopping on the dev mIoU (patience ${config.patience}, at most ${config.maxEpochs} epochs), the best dev epoch's weights tested.
Test mIoU is the mean over the 11 classes (background + 10 Fashion-MNIST items) of the per-class intersection over union on
${mosaics.testMosaics} test mosaics, in %, mean ± sample standard deviation over seeds ${config.seeds.join(', ')}. Δ columns: the paired
per-seed difference in mIoU points, mean ± std, wins/ties/losses over seeds and the 95% t-interval; a difference counts only when
its interval excludes 0. Every gate of a seed shares the initial weights and the batch order. Settings: each distilling gate's
candidates (${candidatesText(config)}) were tried on seed${config.tuningSeeds.length > 1 ? 's' : ''} ${config.tuningSeeds.join(', ')} and the best mean dev mIoU chosen; the table shows the choice.
Teacher-better is the share of valid pixels the gate distilled at, averaged over the epochs trained.

${pictures.results}
${sections.join('\n')}
${pictures.curves === '' ? '' : `## Training curves\n\n${pictures.curves}\n`}## How this was made

- Command: \`${command}\` (from the repository root, the shipped teachers loaded; ${studentRunMinutes(results).toFixed(1)} minutes of student training in all as each run measured it, in worker processes; the last sitting of the command took ${results.minutes.toFixed(1)} minutes, runs already stored in \`${config.mode === 'full' ? 'runs/full' : '.cache/runs/quick'}\` read back; a first-seed run stored without its per-epoch history is trained once more to draw its curves)
- Machine: ${results.machine}
- Backend: ${results.backend}
- Data: Debian \`dataset-fashion-mnist\`, items halved to 14×14, four per 28×28 mosaic; per-pixel label = item class + 1 where the item's intensity > 32/255, else 0 (background).
  Teachers: ${mosaics.teacherMosaics} training mosaics from the first 50 000 training items. Students: the first ${mosaics.labelledMosaics} of them
  (${((100 * mosaics.labelledMosaics) / mosaics.teacherMosaics).toFixed(1)}%); dev: ${mosaics.devMosaics} mosaics of the last 10 000 training items; test: ${mosaics.testMosaics} mosaics of the test split.
  Shifted camera: background ${CAMERA_SHIFT.background}, contrast ${CAMERA_SHIFT.contrast}, blur ${CAMERA_SHIFT.blur}, noise σ ${CAMERA_SHIFT.noise}.
- Teachers: \`teachers/strong\` and \`teachers/weak\`, made by \`npm run teachers -w @selective-kd/example-pixel-segmentation\` (see [teachers/README.md](teachers/README.md)).
- Students: ≈19k-weight conv encoder–decoder with 14×14 logits (resized to 28×28 by the pixel plugin), batch ${config.batchSize}, Adam ${config.learningRate}, α = λ = 1.
- Every run's record: \`results-${config.mode}.json\` (\`runs\`, \`tuning\`, \`chosen\`, \`teachers\`).

## Contrast masks

Input | ground truth | teacher | loss-compare student | contrast mask (white: the teacher was better), test images of each regime, seed ${config.seeds[0]}:

${panels}
`;
}

function candidatesText(config: ExperimentConfig): string {
  const seen = new Set<string>();
  for (const candidates of Object.values(config.grid)) {
    for (const c of candidates ?? []) {
      seen.add(Object.entries(c).map(([k, v]) => `${k === 'temperature' ? 'τ' : k} = ${v}`).join(', '));
    }
  }
  return [...seen].map((s) => `{${s}}`).join(', ');
}

import { resultFiguresMarkdown, rerunCommand, studentRunMinutes, type GateSettings, type ProtocolReport, type ProtocolResults, type ResultFigures } from '@selective-kd/experiments';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';
import { SOUNDFONTS } from './openmsx.js';
import { REGIMES, type AudioRegime } from './regimes.js';
import { rollDir } from './roll-dir.js';
import type { AudioData } from './student-context.js';

export interface ResultsMarkdownInputs {
  config: ExperimentConfig;
  report: ProtocolReport;
  results: ProtocolResults<ExperimentConfig>;
  /** The results figure and training curves written beside RESULTS.md. */
  figures: ResultFigures;
  data: Record<string, AudioData>;
  outDir: string;
}

/** The rolls on disk, in order: also those drawn by an earlier sitting of a resumed run, whose student is not retrained. */
function rollsOf(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^test-\d+\.png$/.test(f))
    .sort((a, b) => parseInt(a.slice(5), 10) - parseInt(b.slice(5), 10))
    .map((f) => join(dir, f));
}

const REGIME_TEXT: Record<AudioRegime, string> = {
  strong:
    'The teacher is trained to convergence on the TimGM6mb renderings of all 19 training pieces; students learn from the labelled subset of those pieces, rendered the same way, and are tested on other pieces through the same SoundFont.',
  shifted:
    "The same teacher (TimGM6mb); the students' pieces — labelled subset, dev and test — are rendered through MuseScore General Lite instead: the same scores played by other recorded instruments, as when a transcriber trained on one sample library meets another. The teacher is good on its own SoundFont and worse on the students'.",
  weak: "The strong regime's data with a teacher trained for one pass over its pieces: weaker than a converged student.",
};

/** RESULTS.md: per regime what it is, the table and the verdict, then everything needed to rerun it. */
export function resultsMarkdown({ config: c, figures, report, results, data, outDir }: ResultsMarkdownInputs): string {
  const pictures = resultFiguresMarkdown(figures, outDir);
  const command = rerunCommand('audio-note-frames', c, { quick: QUICK, full: FULL });
  const hop = ((1000 * c.hopSize) / c.sampleRate).toFixed(0);
  const sections = report.regimes.map((r) => {
    const d = data[r.regime];
    const rolls = rollsOf(rollDir(outDir, c.mode, r.regime)).map((f) => `![](${relative(outDir, f)})`);
    return `## Regime \`${r.regime}\`

${REGIME_TEXT[r.regime as AudioRegime]} Students' pieces through ${SOUNDFONTS[REGIMES[r.regime as AudioRegime].soundFont].description}:
labelled subset ${d.trainPieces.join(', ')} (${d.trainFrames} frames); dev ${d.devPieces.length} pieces (${d.devFrames} frames); test ${d.testPieces.length} pieces (${d.testFrames} frames).

${r.table}

${r.verdict}

${rolls.length > 0 ? `Ground truth | teacher | loss-compare student (seed ${c.seeds[0]}) | contrast mask (white: the teacher was better), test excerpts:\n\n${rolls.join('\n')}\n` : ''}`;
  });
  return `# Note frames: when distillation pays off (${c.mode} mode)

Every student is trained to convergence: early stopping on the dev frame F1 (patience ${c.patience}, at most ${c.maxEpochs} epochs), the best dev epoch's weights tested.
Test frame F1 is the standard multi-pitch frame metric: true positives, false positives and false negatives counted over every
(frame, key) of the test pieces (${hop} ms frames) and pooled, a key counting as predicted where σ(logit) > 0.5; in %, mean ± sample
standard deviation over seeds ${c.seeds.join(', ')}. Δ columns: the paired per-seed difference in F1 points, mean ± std, wins/ties/losses
over seeds and the 95% t-interval; a difference counts only when its interval excludes 0. Every gate of a seed shares the initial
weights and the batch order. Settings per distilling gate: ${gridText(c)}; a gate with several candidates had each tried on
seed${c.tuningSeeds.length > 1 ? 's' : ''} ${c.tuningSeeds.join(', ')} and the best mean dev F1 chosen (the table shows the choice). Teacher-better is the share of valid frames
the gate distilled at, averaged over the epochs trained.

**The audio is rendered, not recorded**: MIDI pieces played by a software synthesiser through a SoundFont of recorded instrument
samples. Labels come exactly from the notes that were rendered; no room, microphone or performer is involved.

${pictures.results}
${sections.join('\n')}
${pictures.curves === '' ? '' : `## Training curves\n\n${pictures.curves}\n`}## How this was made

- Command: \`${command}\` (from the repository root, the shipped teachers loaded; ${studentRunMinutes(results).toFixed(1)} minutes of student training in all as each run measured it, in worker processes; the last sitting of the command took ${results.minutes.toFixed(1)} minutes, runs already stored in \`${c.mode === 'full' ? 'runs/full' : '.cache/runs/quick'}\` read back; a first-seed run stored without its per-epoch history is trained once more to draw its curves)
- Machine: ${results.machine}
- Backend: ${results.backend}
- Data: the 31 MIDI pieces of Debian \`openttd-openmsx\` rendered with spessasynth_core (16 kHz mono, all channels including percussion, reverb and chorus off, peak 0.9) through Debian's
  \`timgm6mb-soundfont\` or \`musescore-general-soundfont-small\`. Split by piece, in name order: every fifth piece from the fifth on is a test piece (6), every fifth from the third a dev piece (6), the other 19 train the teachers;
  the students' labelled subset is every ${ordinal(c.labelledEvery)} training piece, whole${secondsText(c.secondsPerPiece)}.
- Labels: 88 keys (A0–C8) per frame from the MIDI notes; a key is on in a frame when a note of it sounds during the frame's ${hop} ms. Percussion (MIDI channel 10) is unpitched and not labelled.
- Features: log-mel spectrogram (window ${c.windowSize}, hop ${c.hopSize}, ${c.melBands} bands from ${c.fMin} Hz, fft.js), standardised with the mean and std of the teachers' training renderings; excerpts of ${c.excerptFrames} frames with ${c.context} context frames each side.
- Units: granularity \`${c.granularity}\` (${c.granularity === 'frame' ? 'a unit is a frame, its loss and divergence summed over the 88 keys' : 'a unit is one key in one frame'}).
- Teachers: \`teachers/strong\` and \`teachers/weak\` (3 conv layers + a 256-unit layer per frame, 164 528 weights), made by \`npm run teachers -w @selective-kd/example-audio-note-frames\` (see [teachers/README.md](teachers/README.md)).
- Students: one 8-channel conv layer + a linear layer per frame (45 224 weights), batch ${c.batchSize}, Adam ${c.learningRate}, α = 1.
- Every run's record: \`results-${c.mode}.json\` (\`runs\`, \`tuning\`, \`chosen\`, \`teachers\`, \`data\`).
`;
}

function secondsText(seconds: ExperimentConfig['secondsPerPiece']): string {
  const cut = Object.entries(seconds).map(([split, s]) => `${split} pieces cut to their first ${s} s`);
  return cut.length === 0 ? '' : ` (${cut.join(', ')})`;
}

function ordinal(n: number): string {
  return n === 1 ? '' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`;
}

function gridText(config: ExperimentConfig): string {
  const text = (settings: GateSettings) => Object.entries(settings).map(([k, v]) => `${k === 'temperature' ? 'τ' : k === 'lambda' ? 'λ' : k} = ${v}`).join(', ');
  return Object.entries(config.grid)
    .map(([gate, candidates]) => `${gate} ${(candidates ?? []).map((c) => `{${text(c)}}`).join(' or ')}`)
    .join('; ');
}

import { machineDescription, rerunCommand } from '@selective-kd/experiments';
import { relative } from 'node:path';
import { FULL, QUICK, type ExperimentConfig } from './experiment-config.js';

export interface ResultsMarkdownInputs {
  config: ExperimentConfig;
  table: string;
  verdict: string;
  backend: string;
  minutes: number;
  /** 1-minute load averages at the start and the end of the run. */
  load: number[];
  rollFiles: string[];
  outDir: string;
  /** Trainable weights of the teacher and of each student. */
  weights: { teacher: number; student: number };
  data: { description: string; trainPieces: string[]; testPieces: string[]; trainFrames: number; testFrames: number };
}

/** RESULTS.md: the table, the verdict, and everything needed to rerun it. */
export function resultsMarkdown(r: ResultsMarkdownInputs): string {
  const { config: c, data } = r;
  const command = rerunCommand('audio-note-frames', c, { quick: QUICK, full: FULL });
  const busy = r.load.some((l) => l > 1.5);
  const hop = ((1000 * c.hopSize) / c.sampleRate).toFixed(0);
  return `# Note frames: selective vs plain distillation (${c.mode} mode)

${r.verdict}

${r.table}

Test frame F1 is the standard multi-pitch frame metric: true positives, false positives and false
negatives counted over every (frame, key) of the ${data.testFrames} test frames (${hop} ms each) and pooled,
a key counting as predicted where σ(logit) > 0.5; mean ± sample standard deviation over seeds
${c.seeds.join(', ')}. The teacher-better fraction is the share of valid ${c.granularity === 'frame' ? 'frames' : 'note frames'} at which the gate
followed the teacher, averaged over training. Every gate's student starts from the same weights for a given seed.

**The audio is rendered, not recorded**: MIDI pieces played by a software synthesiser through a
SoundFont of recorded instrument samples. Labels come exactly from the notes that were rendered;
no room, microphone or performer is involved.

## How this was made

- Command: \`${command}\` (from the repository root; ${r.minutes.toFixed(1)} minutes in all, rendering and teacher included unless cached)
- Machine: ${machineDescription()}; 1-minute load average ${r.load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end${busy ? ' — other jobs shared the machine, so the times are slower than on an idle one' : ''}
- Backend: ${r.backend}
- Data: ${data.description}. Split by piece (every fifth piece in name order is a test piece): ${data.trainPieces.length} training pieces (${data.trainFrames} frames), ${data.testPieces.length} test pieces (${data.testFrames} frames)${c.secondsPerPiece === undefined ? ', whole pieces' : `, first ${c.secondsPerPiece} s of each`}. Test pieces: ${data.testPieces.join(', ')}.
- Rendering: ${c.sampleRate} Hz mono, all channels including percussion, reverb and chorus off, normalised to peak 0.9, cached as 16-bit WAV and read back with the plugin's WAV decoder.
- Labels: 88 keys (A0–C8) per frame from the MIDI notes; a key is on in a frame when a note of it sounds during the frame's ${hop} ms. Percussion (MIDI channel 10) is unpitched and not labelled; pitched notes outside the 88 keys are not labelled.
- Features: log-mel spectrogram (window ${c.windowSize}, hop ${c.hopSize}, ${c.melBands} bands from ${c.fMin} Hz, fft.js), standardised with the training pieces' mean and std; excerpts of ${c.excerptFrames} frames with ${c.context} context frames each side.
- Units: granularity \`${c.granularity}\` (${c.granularity === 'frame' ? 'a unit is a frame, its loss and divergence summed over the 88 keys' : 'a unit is one key in one frame'}).
- Teacher: 3 conv layers over the spectrogram context + a 256-unit layer per frame (${r.weights.teacher} weights), trained ${c.teacherEpochs} epochs on the ground truth (seed 1).
- Students: one 8-channel conv layer + a linear layer per frame (${r.weights.student} weights), ${c.studentEpochs} epochs, batch ${c.batchSize}, Adam ${c.learningRate}, τ = ${c.temperature}, α = λ = 1.

## Piano rolls

Top to bottom: ground truth | teacher | selective student | contrast mask (white: the teacher was better),
on one time axis (${hop} ms per frame, C8 at the top of each roll), test excerpts, loss-compare student of seed ${c.seeds[0]}:

${r.rollFiles.map((f) => `![](${relative(r.outDir, f)})`).join('\n')}
`;
}

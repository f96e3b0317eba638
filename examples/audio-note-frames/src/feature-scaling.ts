import { SelectiveKdError } from '@selective-kd/core';
import type { NoteFrameClip } from '@selective-kd/audio';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One mean and standard deviation of the log-mel values, measured on the training clips. */
export interface FeatureScaling {
  mean: number;
  std: number;
}

/** Mean and standard deviation over every value of the training clips' spectrograms. */
export function measureScaling(clips: readonly NoteFrameClip[]): FeatureScaling {
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (const { spectrogram } of clips) {
    for (const v of spectrogram.values) {
      sum += v;
      squares += v * v;
    }
    count += spectrogram.values.length;
  }
  const mean = sum / Math.max(count, 1);
  return { mean, std: Math.sqrt(Math.max(squares / Math.max(count, 1) - mean * mean, 1e-12)) };
}

/** The clip with standardised features, silence (the context padding) included, so the models see values near 0 ± 1. */
export function scaleClip(clip: NoteFrameClip, { mean, std }: FeatureScaling): NoteFrameClip {
  const spec = clip.spectrogram;
  return {
    ...clip,
    spectrogram: { ...spec, values: spec.values.map((v) => (v - mean) / std), silence: (spec.silence - mean) / std },
  };
}

/** The teachers' feature standardisation, `<dir>/features.json`, written by `npm run teachers` beside the models that read with it. */
export function writeScaling(dir: string, scaling: FeatureScaling): void {
  writeFileSync(join(dir, 'features.json'), `${JSON.stringify(scaling, null, 2)}\n`);
}

export function readScaling(dir: string): FeatureScaling {
  const file = join(dir, 'features.json');
  if (!existsSync(file)) throw new SelectiveKdError('INVALID_OPTION', `${file} is missing: run \`npm run teachers -w @selective-kd/example-audio-note-frames\` first`);
  const { mean, std } = JSON.parse(readFileSync(file, 'utf8')) as FeatureScaling;
  if (!Number.isFinite(mean) || !(std > 0)) throw new SelectiveKdError('INVALID_INPUT', `${file} must hold a finite mean and a positive std; got ${mean}, ${std}`);
  return { mean, std };
}

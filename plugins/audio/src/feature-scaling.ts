import type { NoteFrameClip } from './note-frame-excerpts.js';

/** One mean and standard deviation of the log-mel values, measured on the training clips. */
export interface FeatureScaling {
  mean: number;
  std: number;
}

/** Mean and standard deviation over every value of the clips' spectrograms (measure on the training clips only). */
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

/** The clip with standardised features, silence (the context padding) included, so models see values near 0 ± 1. */
export function scaleClip(clip: NoteFrameClip, { mean, std }: FeatureScaling): NoteFrameClip {
  const spec = clip.spectrogram;
  return {
    ...clip,
    spectrogram: { ...spec, values: spec.values.map((v) => (v - mean) / std), silence: (spec.silence - mean) / std },
  };
}

import { selectiveDistillationLoss, SelectiveKdError, teacherFunction, type Batch, type Pass } from '@selective-kd/core';
import {
  audioModality,
  measureScaling,
  noteFrameBatches,
  noteFrameExcerpts,
  noteFrames,
  pianoRollSvg,
  readNoteFrameFolder,
  scaleClip,
  spectrogram,
  type FeatureScaling,
  type NoteFrameClip,
  type NoteFrameExcerpt,
} from '@selective-kd/audio';
import { svgToPng } from '@selective-kd/plots';
import * as tf from '@tensorflow/tfjs-core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudioModalityConfig, DistillConfig } from '../config/distill-config.js';
import type { Task } from './task.js';
import type { TaskMetadata } from './task-metadata.js';

type Features = Extract<TaskMetadata, { modality: 'audio' }>['features'];

/**
 * WAV + MIDI pairs as log-mel excerpts and 88-key note frames. Features are
 * standardised with the training clips' mean and deviation. A model from an
 * earlier run (`known`) must use the same frames (rate, window, hop, bands,
 * excerpt size); where its standardisation differs, each batch carries the
 * features rescaled to it as `teacherInputs`.
 */
export async function audioTask(config: DistillConfig, known?: TaskMetadata): Promise<Task<'audio'>> {
  const { sampleRate, windowSize, hopSize, melBands, frames, context, granularity } = config.modality as AudioModalityConfig;
  const features: Features = { sampleRate, windowSize, hopSize, melBands, frames, context };
  if (known?.modality === 'audio') {
    const differing = (Object.keys(features) as (keyof Features)[]).filter((key) => known.features[key] !== features[key]);
    if (differing.length > 0) {
      throw new SelectiveKdError(
        'INVALID_MODEL',
        `the model was trained on other audio features: ${differing.map((key) => `config.modality.${key} must be ${known.features[key]} (got ${features[key]})`).join(', ')}`,
      );
    }
  }
  const read = async (dir: string): Promise<NoteFrameClip[]> =>
    (await readNoteFrameFolder(dir, { sampleRate })).map(({ name, clip, performance }) => {
      const spec = spectrogram(clip.samples, { sampleRate, windowSize, hopSize, melBands });
      return { name, spectrogram: spec, roll: noteFrames(performance.notes, spec.frames, spec.hopSeconds) };
    });
  const train = await read(config.data.train);
  const [dev, test] = [await read(config.data.dev), await read(config.data.test)];
  const scaling = measureScaling(train);
  const theirs = known?.modality === 'audio' && (known.scaling.mean !== scaling.mean || known.scaling.std !== scaling.std) ? known.scaling : undefined;
  const excerpts = (clips: NoteFrameClip[]) => clips.flatMap((clip) => noteFrameExcerpts(scaleClip(clip, scaling), { frames, context }));
  const [trainExcerpts, devExcerpts, testExcerpts] = [excerpts(train), excerpts(dev), excerpts(test)];
  const batches = (items: NoteFrameExcerpt[], shuffle: boolean) =>
    rescaledForTeacher(noteFrameBatches(items, { batchSize: config.training.batchSize, shuffle }), scaling, theirs);
  const modality = audioModality({ granularity });
  return {
    modality,
    monitor: 'f1',
    train: batches(trainExcerpts, true),
    dev: batches(devExcerpts, false),
    test: batches(testExcerpts, false),
    shape: { frames, context, bins: melBands },
    metadata: { modality: 'audio', features, scaling },
    async draw({ student, teacher, dir, count, options }) {
      const drawn = testExcerpts.slice(0, count);
      if (drawn.length === 0 || teacher === undefined) return [];
      const batch = rescaledForTeacher(noteFrameBatches(drawn, { batchSize: drawn.length, shuffle: false }), scaling, theirs)()
        [Symbol.iterator]()
        .next().value as Batch;
      const files: string[] = [];
      try {
        const [teacherLogits, studentLogits, mask] = tf.tidy(() => {
          const teacherLogits = teacherFunction(teacher)(batch.teacherInputs ?? batch.inputs);
          const studentLogits = student.predict(batch.inputs) as tf.Tensor;
          const result = selectiveDistillationLoss({ student: studentLogits, teacher: teacherLogits, labels: batch.labels, valid: batch.valid }, modality, options);
          return [teacherLogits, studentLogits, result.mask];
        });
        try {
          for (const [i, excerpt] of drawn.entries()) {
            // Excerpts are short (32 frames by default): wide frames keep the notes readable. Labelled: row titles,
            // note names at the Cs, time in seconds from the excerpt's first frame (`<clip>@<frame>`), a colour legend.
            const svg = pianoRollSvg({ labels: batch.labels, teacher: teacherLogits, student: studentLogits, mask, valid: batch.valid }, i, {
              frameWidth: 8,
              frameRate: sampleRate / hopSize,
              startSeconds: Number(excerpt.name.slice(excerpt.name.lastIndexOf('@') + 1)) / (sampleRate / hopSize),
              title: excerpt.name,
            });
            const base = join(dir, excerpt.name.replace(/[^\w.-]+/g, '_'));
            await writeFile(`${base}.svg`, svg);
            const file = `${base}.png`;
            await writeFile(file, svgToPng(svg));
            files.push(file);
          }
        } finally {
          tf.dispose([teacherLogits, studentLogits, mask]);
        }
      } finally {
        tf.dispose(batch as unknown as tf.TensorContainer);
      }
      return files;
    },
  };
}

/**
 * With a teacher standardised differently, adds its inputs to each batch:
 * the same log-mel values, standardised its way (x·σ/σ' + (μ − μ')/σ').
 */
function rescaledForTeacher(source: (pass?: Pass) => Iterable<Batch>, ours: FeatureScaling, theirs: FeatureScaling | undefined): (pass?: Pass) => Iterable<Batch> {
  if (theirs === undefined) return source;
  return function* (pass) {
    for (const batch of source(pass)) {
      const teacherInputs = tf.tidy(() => tf.add(tf.mul(batch.inputs as tf.Tensor, ours.std / theirs.std), (ours.mean - theirs.mean) / theirs.std));
      yield { ...batch, teacherInputs };
    }
  };
}

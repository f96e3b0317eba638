import { audioModality, measureScaling, noteFrameBatches, type NoteFrameExcerpt } from '@selective-kd/audio';
import { createSelectiveContainer, DistillerFactory, evaluateModel, MODALITY } from '@selective-kd/core';
import { modelFingerprint, startBackend } from '@selective-kd/experiments';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURES, type FeatureFields } from './experiment-config.js';
import { writeScaling } from './feature-scaling.js';
import { openMsxCorpus } from './open-msx-corpus.js';
import type { SoundFontName } from './openmsx.js';
import { pieceExcerpts } from './piece-excerpts.js';
import { AUDIO_REGIMES, REGIMES, TEACHER_SOUNDFONT } from './regimes.js';
import { renderedClips, type Corpus } from './rendered-clips.js';
import { splitPieces } from './split-pieces.js';
import { EVALUATION_BATCH, TEACHERS_DIR, trainTeacher, type TeacherName, type TeacherTraining } from './teacher.js';

/**
 * The shipped teachers: `strong` trained to convergence (early stopping on
 * the TimGM6mb dev pieces), `weak` the same network trained for one pass.
 */
export const TEACHER_TRAINING: Record<TeacherName, TeacherTraining> = {
  strong: { epochs: 12, patience: 2, batchSize: 16, learningRate: 3e-3, seed: 1 },
  weak: { epochs: 1, batchSize: 16, learningRate: 3e-3, seed: 1 },
};

/** What teachers/<name>/teacher.json records. */
export interface TeacherRecord {
  name: TeacherName;
  training: TeacherTraining;
  soundFont: SoundFontName;
  trainingPieces: string[];
  trainingFrames: number;
  epochs: number;
  bestEpoch: number;
  weights: number;
  bytes: number;
  fingerprint: string;
  seconds: number;
  /** Frame F1 (0–1) on the dev and test pieces of each regime that uses this teacher (whole pieces). */
  scores: Record<string, { dev: number; test: number }>;
}

export interface TrainTeachersOptions {
  /** Default: the shipped teachers' folder. */
  dir?: string;
  /** Renderings and features. */
  cacheDir: string;
  /** The pieces and their synthesiser per SoundFont (default: openmsx through the Debian SoundFonts). */
  corpora?: Partial<Record<SoundFontName, Corpus>>;
  /** Default: the example's `FEATURES` (what the shipped teachers read). */
  features?: FeatureFields;
  /** Default: `TEACHER_TRAINING`. */
  training?: Record<TeacherName, TeacherTraining>;
  log?: (line: string) => void;
}

/**
 * `npm run teachers`: trains the teachers named (default both) on the
 * TimGM6mb renderings of the 19 training pieces, whole, into <dir>/<name>/,
 * records how in <dir>/<name>/teacher.json, and writes <dir>/features.json:
 * the feature standardisation every model of the example reads with.
 */
export async function trainTeachers(names: readonly TeacherName[], options: TrainTeachersOptions): Promise<TeacherRecord[]> {
  const { dir = TEACHERS_DIR, cacheDir, features = FEATURES, training: trainings = TEACHER_TRAINING, log = console.log } = options;
  const corpus = async (font: SoundFontName) => options.corpora?.[font] ?? openMsxCorpus(font, log);
  const renders = (c: Corpus) => join(cacheDir, 'render', c.soundFont);
  const teacherCorpus = await corpus(TEACHER_SOUNDFONT);
  const split = splitPieces(teacherCorpus.pieces);
  const scaling = measureScaling(await renderedClips(split.train, features, teacherCorpus.render, renders(teacherCorpus)));
  mkdirSync(dir, { recursive: true });
  writeScaling(dir, scaling);
  const shape = { frames: features.excerptFrames, context: features.context, bins: features.melBands };
  const excerpts = async (c: Corpus, pieces: typeof split.train) =>
    pieceExcerpts(pieces, features, { render: c.render, cacheDir: renders(c), scaling, excerptFrames: shape.frames, context: shape.context });
  const train = await excerpts(teacherCorpus, split.train);
  const dev = await excerpts(teacherCorpus, split.dev);

  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: audioModality({ granularity: features.granularity }) });
  const distillers = container.resolve(DistillerFactory);
  const records: TeacherRecord[] = [];
  for (const name of names) {
    const training = trainings[name];
    const start = performance.now();
    log(`teacher ${name}: training on ${train.excerpts.length} excerpts of ${split.train.length} pieces (${JSON.stringify(training)})`);
    const { model, epochs, bestEpoch } = await trainTeacher(distillers, shape, train.excerpts, dev.excerpts, training, log);
    const seconds = (performance.now() - start) / 1000;
    const out = join(dir, name);
    await model.save(`file://${out}`);
    const scores: TeacherRecord['scores'] = {};
    for (const regime of AUDIO_REGIMES.filter((r) => REGIMES[r].teacher === name)) {
      const students = await corpus(REGIMES[regime].soundFont);
      const studentSplit = splitPieces(students.pieces);
      scores[regime] = {
        dev: await frameF1(model, (await excerpts(students, studentSplit.dev)).excerpts),
        test: await frameF1(model, (await excerpts(students, studentSplit.test)).excerpts),
      };
    }
    const record: TeacherRecord = {
      name,
      training,
      soundFont: TEACHER_SOUNDFONT,
      trainingPieces: train.clips.map((c) => c.name),
      trainingFrames: train.frames,
      epochs,
      bestEpoch,
      weights: model.countParams(),
      bytes: readdirSync(out).reduce((sum, file) => sum + statSync(join(out, file)).size, 0),
      fingerprint: modelFingerprint(model),
      seconds,
      scores,
    };
    log(`teacher ${name}: ${JSON.stringify(record)}`);
    writeFileSync(join(out, 'teacher.json'), `${JSON.stringify(record, null, 2)}\n`);
    model.dispose();
    records.push(record);
  }
  return records;
}

/** Starts the backend, then trains; what `npm run teachers` calls. */
export async function trainTeachersCommand(names: readonly TeacherName[], cacheDir: string): Promise<void> {
  await startBackend('wasm', console.log);
  await trainTeachers(names, { cacheDir });
}

async function frameF1(model: tfl.LayersModel, excerpts: readonly NoteFrameExcerpt[]): Promise<number> {
  const evaluation = await evaluateModel(model, noteFrameBatches(excerpts, { batchSize: EVALUATION_BATCH, shuffle: false }), audioModality());
  return evaluation.metrics.f1;
}

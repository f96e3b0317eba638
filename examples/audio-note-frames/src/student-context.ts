import { audioModality, noteFrameBatches, noteFrameExcerpts, type NoteFrameClip, type NoteFrameExcerpt } from '@selective-kd/audio';
import { createSelectiveContainer, DistillerFactory, MODALITY } from '@selective-kd/core';
import {
  cacheTeacherOutputs,
  dataFingerprint,
  modelFingerprint,
  type ExperimentPaths,
  type StudentContext,
  type StudentContextModule,
  type StudentContextOptions,
} from '@selective-kd/experiments';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawPianoRolls } from './draw-piano-rolls.js';
import type { ExperimentConfig } from './experiment-config.js';
import { measureScaling, scaleClip } from './feature-scaling.js';
import { buildStudent } from './models.js';
import { openMsxCorpus } from './open-msx-corpus.js';
import { renderedClips, type Corpus } from './rendered-clips.js';
import { splitPieces } from './split-pieces.js';
import { loadOrTrainTeacher } from './teacher.js';

/** Excerpts per test batch, for the teacher's and every student's scores alike. */
const EVALUATION_BATCH = 32;

/** What RESULTS.md says about the data. */
export interface AudioData {
  description: string;
  trainPieces: string[];
  testPieces: string[];
  trainFrames: number;
  testFrames: number;
}

export interface AudioStudentContext extends StudentContext {
  teacher: tfl.LayersModel;
  distillers: DistillerFactory;
  data: AudioData;
}

export interface AudioContextOptions extends StudentContextOptions {
  /** The pieces and their synthesiser. Default: openmsx through the TimGM6mb SoundFont (what pool workers use). */
  corpus?: Corpus;
}

/** Where a pool worker finds `audioStudentContext`. */
export const AUDIO_STUDENT_CONTEXT: StudentContextModule = { module: import.meta.url, export: 'audioStudentContext' };

/**
 * What every student run of the audio example shares: the rendered pieces
 * (rendered once, then read from `cacheDir`/render), their features and
 * labels, the composition root, and the teacher (trained once, then loaded
 * from `cacheDir`). The loss-compare student of the first seed draws the
 * piano rolls, to `outDir`/piano-rolls/<mode>/, in the process that trained it.
 */
export async function audioStudentContext(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { log, corpus }: AudioContextOptions,
): Promise<AudioStudentContext> {
  const source = corpus ?? openMsxCorpus(log);

  // Composition root: core's services plus the audio modality.
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: audioModality({ granularity: config.granularity }) });
  const distillers = container.resolve(DistillerFactory);

  const split = splitPieces(source.pieces);
  const limit = config.piecesPerSplit;
  const renderStart = performance.now();
  const renderCache = join(paths.cacheDir, 'render');
  const rawTrain = await renderedClips(limit ? split.train.slice(0, limit.train) : split.train, config, source.render, renderCache);
  const rawTest = await renderedClips(limit ? split.test.slice(0, limit.test) : split.test, config, source.render, renderCache);
  const scaling = measureScaling(rawTrain);
  const [trainClips, testClips] = [rawTrain, rawTest].map((clips) => clips.map((c) => scaleClip(c, scaling)));
  const excerpts = (clips: NoteFrameClip[]) => clips.flatMap((c) => noteFrameExcerpts(c, { frames: config.excerptFrames, context: config.context }));
  const train = excerpts(trainClips);
  const test = excerpts(testClips);
  log(
    `data: ${source.description}; ${trainClips.length} training pieces (${frameCount(train)} frames), ` +
      `${testClips.length} test pieces (${frameCount(test)} frames); rendering and features ${((performance.now() - renderStart) / 1000).toFixed(0)} s`,
  );

  const teacher = await loadOrTrainTeacher(distillers, config, train, paths.cacheDir, log);
  const rollDir = join(paths.outDir, 'piano-rolls', config.mode);
  const shape = { frames: config.excerptFrames, context: config.context, bins: config.melBands };
  const testBatches = noteFrameBatches(test, { batchSize: EVALUATION_BATCH, shuffle: false });
  const teacherOutputs = await cacheTeacherOutputs(teacher, {
    train: noteFrameBatches(train, { batchSize: EVALUATION_BATCH, shuffle: false }),
    test: testBatches,
    dir: join(paths.cacheDir, 'teacher-outputs', config.mode),
    log,
  });
  return {
    distillers,
    modality: 'audio',
    teacher,
    buildStudent: (seed) => buildStudent(shape, seed),
    train: noteFrameBatches(train, { batchSize: config.batchSize }),
    test: testBatches,
    teacherOutputs,
    fingerprint: `${dataFingerprint([...train, ...test].flatMap((e) => [e.name, e.features, e.labels, e.valid]))}/${modelFingerprint(teacher)}`,
    data: {
      description: source.description,
      trainPieces: trainClips.map((c) => c.name),
      testPieces: testClips.map((c) => c.name),
      trainFrames: frameCount(train),
      testFrames: frameCount(test),
    },
    afterRun: (run, student) => {
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      mkdirSync(rollDir, { recursive: true });
      return drawPianoRolls(teacher, student, rollExcerpts(testClips, test, config.pianoRolls), config.granularity).map((png, i) => {
        const file = join(rollDir, `test-${i}.png`);
        writeFileSync(file, png);
        return file;
      });
    },
  };
}

function frameCount(excerpts: readonly NoteFrameExcerpt[]): number {
  return excerpts.reduce((sum, e) => sum + e.valid.reduce((a, b) => a + b, 0), 0);
}

/** One excerpt from the middle of each of the first `count` test pieces (cycling when there are fewer pieces). */
function rollExcerpts(clips: readonly NoteFrameClip[], test: readonly NoteFrameExcerpt[], count: number): NoteFrameExcerpt[] {
  return Array.from({ length: count }, (_, i) => {
    const clip = clips[i % clips.length];
    const mine = test.filter((e) => e.name.startsWith(`${clip.name}@`));
    return mine[Math.min(mine.length - 1, Math.floor(mine.length / 2) + Math.floor(i / clips.length))];
  });
}

import { audioModality, noteFrameBatches, type NoteFrameClip, type NoteFrameExcerpt } from '@selective-kd/audio';
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
import { readScaling } from './feature-scaling.js';
import { buildStudent } from './models.js';
import { openMsxCorpus } from './open-msx-corpus.js';
import type { SoundFontName } from './openmsx.js';
import { pieceExcerpts } from './piece-excerpts.js';
import { REGIMES, type AudioRegime } from './regimes.js';
import { rollDir } from './roll-dir.js';
import type { Corpus } from './rendered-clips.js';
import { labelledSubset, splitPieces } from './split-pieces.js';
import { thresholdSweepMetrics } from './threshold-sweep-metrics.js';
import { EVALUATION_BATCH, loadTeacher, TEACHERS_DIR } from './teacher.js';

/** What RESULTS.md says about a regime's data. */
export interface AudioData {
  description: string;
  trainPieces: string[];
  devPieces: string[];
  testPieces: string[];
  trainFrames: number;
  devFrames: number;
  testFrames: number;
}

export interface AudioStudentContext extends StudentContext {
  teacher: tfl.LayersModel;
  distillers: DistillerFactory;
  data: AudioData;
}

export interface AudioContextOptions extends StudentContextOptions {
  /** The pieces and their synthesiser per SoundFont. Default: openmsx through the Debian SoundFonts (what pool workers use). */
  corpora?: Partial<Record<SoundFontName, Corpus>>;
}

/** Where a pool worker finds `audioStudentContext`. */
export const AUDIO_STUDENT_CONTEXT: StudentContextModule = { module: import.meta.url, export: 'audioStudentContext' };

/**
 * What every student run of one regime shares: the regime's pieces through
 * its SoundFont (rendered once, then read from `cacheDir`/render/<SoundFont>)
 * — the labelled subset of the training pieces, the dev and the test pieces —
 * standardised as the teachers were, the composition root, the regime's
 * shipped teacher and its logits (computed once into
 * `cacheDir`/teacher-outputs/<mode>/<regime>). The loss-compare student of the
 * first seed draws the piano rolls, to `outDir`/piano-rolls/<mode>/<regime>/,
 * in the process that trained it.
 */
export async function audioStudentContext(
  config: ExperimentConfig,
  regime: string,
  paths: ExperimentPaths,
  { log, corpora }: AudioContextOptions,
): Promise<AudioStudentContext> {
  const spec = REGIMES[regime as AudioRegime];
  const corpus = corpora?.[spec.soundFont] ?? (await openMsxCorpus(spec.soundFont, log));
  const teachersDir = config.teachersDir ?? TEACHERS_DIR;

  // Composition root: core's services plus the audio modality, whose metrics also count F1 at lower
  // decision thresholds, so that each run's threshold can be chosen on dev (atDevThreshold).
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: { ...audioModality({ granularity: config.granularity }), createMetrics: () => thresholdSweepMetrics() } });
  const distillers = container.resolve(DistillerFactory);

  const split = splitPieces(corpus.pieces);
  const start = performance.now();
  const options = {
    render: corpus.render,
    cacheDir: join(paths.cacheDir, 'render', corpus.soundFont),
    scaling: readScaling(teachersDir),
    excerptFrames: config.excerptFrames,
    context: config.context,
  };
  const seconds = config.secondsPerPiece;
  const train = await pieceExcerpts(labelledSubset(split.train, config.labelledEvery), config, { ...options, seconds: seconds.train });
  const dev = await pieceExcerpts(split.dev, config, { ...options, seconds: seconds.dev });
  const test = await pieceExcerpts(split.test, config, { ...options, seconds: seconds.test });
  log(
    `data (${regime}): ${corpus.description}; labelled subset ${train.clips.length} pieces (${train.frames} frames), ` +
      `dev ${dev.clips.length} (${dev.frames}), test ${test.clips.length} (${test.frames}); ${((performance.now() - start) / 1000).toFixed(0)} s`,
  );

  const teacher = await loadTeacher(spec.teacher, teachersDir);
  const batches = (excerpts: NoteFrameExcerpt[]) => noteFrameBatches(excerpts, { batchSize: EVALUATION_BATCH, shuffle: false });
  const [devBatches, testBatches] = [batches(dev.excerpts), batches(test.excerpts)];
  const teacherOutputs = await cacheTeacherOutputs(teacher, {
    train: batches(train.excerpts),
    dev: devBatches,
    test: testBatches,
    dir: join(paths.cacheDir, 'teacher-outputs', config.mode, regime),
    log,
  });
  const shape = { frames: config.excerptFrames, context: config.context, bins: config.melBands };
  const rolls = rollDir(paths.outDir, config.mode, regime);
  const all = [...train.excerpts, ...dev.excerpts, ...test.excerpts];
  return {
    regime,
    distillers,
    modality: 'audio',
    teacher,
    buildStudent: (seed) => buildStudent(shape, seed),
    train: noteFrameBatches(train.excerpts, { batchSize: config.batchSize }),
    dev: devBatches,
    test: testBatches,
    teacherOutputs,
    fingerprint: `${dataFingerprint(all.flatMap((e) => [e.name, e.features, e.labels, e.valid]))}/${modelFingerprint(teacher)}`,
    data: {
      description: corpus.description,
      trainPieces: train.clips.map((c) => c.name),
      devPieces: dev.clips.map((c) => c.name),
      testPieces: test.clips.map((c) => c.name),
      trainFrames: train.frames,
      devFrames: dev.frames,
      testFrames: test.frames,
    },
    afterRun: (run, student) => {
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      mkdirSync(rolls, { recursive: true });
      return drawPianoRolls(teacher, student, rollPassages(test.clips, test.excerpts, config.pianoRolls), config.granularity).map((png, i) => {
        const file = join(rolls, `test-${i}.png`);
        writeFileSync(file, png);
        return file;
      });
    },
  };
}

/** Consecutive test excerpts each piano roll joins: three 64-frame excerpts are 6.1 s. */
const EXCERPTS_PER_ROLL = 3;

/**
 * `count` passages of consecutive test excerpts: one from the middle of each of
 * the first `count` test pieces (cycling, a passage further on, when there are fewer pieces).
 */
function rollPassages(clips: readonly NoteFrameClip[], test: readonly NoteFrameExcerpt[], count: number): NoteFrameExcerpt[][] {
  return Array.from({ length: count }, (_, i) => {
    const clip = clips[i % clips.length];
    const mine = test.filter((e) => e.name.startsWith(`${clip.name}@`));
    const length = Math.min(EXCERPTS_PER_ROLL, mine.length);
    const start = Math.floor(mine.length / 2) - Math.floor(length / 2) + Math.floor(i / clips.length) * length;
    const first = Math.max(0, Math.min(mine.length - length, start));
    return mine.slice(first, first + length);
  });
}

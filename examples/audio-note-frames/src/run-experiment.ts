import { audioModality, noteFrameBatches, noteFrameExcerpts, type NoteFrameClip, type NoteFrameExcerpt } from '@selective-kd/audio';
import { createSelectiveContainer, DistillerFactory, MODALITY } from '@selective-kd/core';
import {
  backendDescription,
  evaluateTeacher,
  reportRuns,
  startBackend,
  studentLine,
  teacherLine,
  trainStudents,
  writeResults,
  type ExperimentPaths,
  type ExperimentOutcome as Outcome,
  type RunOptions as CommonRunOptions,
} from '@selective-kd/experiments';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { drawPianoRolls } from './draw-piano-rolls.js';
import type { ExperimentConfig } from './experiment-config.js';
import { measureScaling, scaleClip } from './feature-scaling.js';
import { buildStudent } from './models.js';
import { openMsxCorpus } from './open-msx-corpus.js';
import { REPORT, type AudioMetric } from './report.js';
import { renderedClips, type Corpus } from './rendered-clips.js';
import { resultsMarkdown } from './results-markdown.js';
import { splitPieces } from './split-pieces.js';
import { loadOrTrainTeacher } from './teacher.js';

/** Excerpts per test batch, for the teacher's and every student's scores alike. */
const EVALUATION_BATCH = 32;

export interface RunOptions extends CommonRunOptions {
  /** The pieces and their synthesiser. Default: openmsx through the TimGM6mb SoundFont. */
  corpus?: Corpus;
}

export type ExperimentOutcome = Outcome<AudioMetric, 'audio'>;

/**
 * The whole experiment: data (rendered and cached), backend, the composition
 * root, the teacher (cached), one student per gate and seed, and the report.
 * Renderings are cached under `cacheDir`/render; piano rolls go to
 * `outDir`/piano-rolls/<mode>/.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log, corpus }: RunOptions = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const load = [loadavg()[0]];
  const source = corpus ?? openMsxCorpus(log);
  const backend = await startBackend(preference, log);

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
  const testBatches = noteFrameBatches(test, { batchSize: EVALUATION_BATCH, shuffle: false });
  const teacherTest = (await evaluateTeacher({ distillers, modality: 'audio', teacher, batches: testBatches })).student;
  log(teacherLine(teacherTest, REPORT));

  const weights = { teacher: teacher.countParams(), student: 0 };
  const rollDir = join(paths.outDir, 'piano-rolls', config.mode);
  mkdirSync(rollDir, { recursive: true });
  const rollFiles: string[] = [];
  const shape = { frames: config.excerptFrames, context: config.context, bins: config.melBands };
  const runs = await trainStudents({
    distillers,
    modality: 'audio',
    teacher,
    buildStudent: (seed) => buildStudent(shape, seed),
    train: noteFrameBatches(train, { batchSize: config.batchSize }),
    test: testBatches,
    config,
    onRun: (run, student) => {
      weights.student = student.countParams();
      log(studentLine(run, REPORT));
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      drawPianoRolls(teacher, student, rollExcerpts(testClips, test, config.pianoRolls), config.granularity).forEach((png, i) => {
        const file = join(rollDir, `test-${i}.png`);
        writeFileSync(file, png);
        rollFiles.push(file);
      });
    },
  });
  teacher.dispose();

  const { rows, table, verdict: summary, headline } = reportRuns(runs, teacherTest, REPORT);
  const minutes = (performance.now() - started) / 60000;
  load.push(loadavg()[0]);
  const data = {
    description: source.description,
    trainPieces: trainClips.map((c) => c.name),
    testPieces: testClips.map((c) => c.name),
    trainFrames: frameCount(train),
    testFrames: frameCount(test),
  };
  const resultsFile = writeResults({
    outDir: paths.outDir,
    mode: config.mode,
    markdown: resultsMarkdown({ config, table, verdict: summary, backend: backendDescription(backend), minutes, load, rollFiles, outDir: paths.outDir, data, weights }),
    json: { config, backend: backend.backend, minutes, loadAverage: load, data, teacher: teacherTest, runs },
  });
  return { rows, runs, teacher: teacherTest, table, verdict: summary, resultsFile, headline };
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

import { createSelectiveContainer, DistillerFactory, evaluateModel, MODALITY, type ModelInputs } from '@selective-kd/core';
import { machineDescription, startBackend } from '@selective-kd/experiments';
import { textModality, tokenBatches, type TokenSequence } from '@selective-kd/text';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBrownCorpus } from './brown-corpus.js';
import { FULL } from './experiment-config.js';
import { buildTeacher } from './models.js';
import { encodeRows, prepareRegimeData, ROW_LENGTH, type PartCounts, type RegimeData } from './regime-data.js';
import { inGenres, isRegime, REGIME_DOMAINS, REGIMES, type Genres, type Regime } from './regimes.js';
import { splitDocuments } from './split-documents.js';
import { loadTeacher, saveTeacher, TEACHER_TRAINING, TEACHERS, teachersDir, type TeacherRecipe } from './teachers.js';
import { TokenFeatures } from './token-features.js';
import { UNIVERSAL_TAGS } from './universal-tags.js';

/** What teachers/teachers.json records of one shipped teacher (teachers/README.md quotes it). */
export interface TeacherRecord extends TeacherRecipe {
  genres: Genres;
  trainedOn: PartCounts;
  seed: number;
  batchSize: number;
  learningRate: number;
  weights: number;
  /** Size of its files on disk (model.json and the float16 weights). */
  bytes: number;
  /** Token accuracy (%) of the saved (float16) teacher on the students' dev and test documents of the full configuration. */
  dev: number;
  test: number;
  /** Its token accuracy (%) on the test split's documents of its own genres (for `shifted`, informative prose). */
  ownTest: { documents: number; accuracy: number };
  /** Training time (under whatever load the machine had). */
  seconds: number;
  backend: string;
  machine: string;
}

const USAGE = 'usage: npm run teachers -w examples/text-pos-tagging [-- --regimes strong,shifted,weak] [--score-only]';

/**
 * Trains each regime's teacher on the ground truth of its training documents,
 * saves it with float16 weights into teachers/<regime>/, scores the saved
 * model on the students' dev and test documents and on the test documents of
 * its own genres, and records how it was made in teachers/teachers.json.
 * `--score-only` rescores the shipped teachers without training them.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const regimes = regimesOf(args);
  const scoreOnly = args.includes('--score-only');
  const backend = await startBackend('wasm', console.log);
  const corpus = loadBrownCorpus();
  const recordsFile = join(teachersDir(), 'teachers.json');
  const records: Partial<Record<Regime, TeacherRecord>> = existsSync(recordsFile) ? JSON.parse(readFileSync(recordsFile, 'utf8')) : {};
  for (const regime of regimes) {
    const data = prepareRegimeData(corpus, regime, FULL);
    const dir = join(teachersDir(), regime);
    const modality = textModality({ tagSet: data.tagSet });
    const seconds = scoreOnly ? records[regime]?.seconds : await trainTeacher(regime, data, modality, dir);
    if (seconds === undefined) throw new Error(`--score-only: teachers.json has no ${regime} teacher; train it first\n${USAGE}`);

    // Scored as shipped: reloaded from its float16 weights.
    const saved = await loadTeacher(regime, data.teacherFeatures, dir);
    const accuracy = async (sequences: TokenSequence[]) => round(100 * (await evaluateModel(saved, batches(sequences, false), modality)).metrics.tokenAccuracy);
    const genres = REGIME_DOMAINS[regime].teacher;
    const ownTest = splitDocuments(corpus).test.filter((d) => inGenres(d.id, genres));
    records[regime] = {
      ...TEACHERS[regime],
      genres,
      trainedOn: data.counts.teacherTrain,
      ...TEACHER_TRAINING,
      weights: saved.countParams(),
      bytes: readdirSync(dir).reduce((n, file) => n + statSync(join(dir, file)).size, 0),
      dev: await accuracy(data.teacherRows.dev),
      test: await accuracy(data.teacherRows.test),
      ownTest: { documents: ownTest.length, accuracy: await accuracy(encodeRows(ownTest, data.teacherFeatures, data.tagSet)) },
      seconds,
      backend: backend.backend,
      machine: machineDescription(),
    };
    saved.dispose();
    console.log(`${regime}: ${dir}: ${JSON.stringify(records[regime])}`);
    mkdirSync(teachersDir(), { recursive: true });
    writeFileSync(recordsFile, `${JSON.stringify(records, null, 2)}\n`);
  }
}

/** Trains and saves one regime's teacher; returns the seconds it took. */
async function trainTeacher(regime: Regime, data: RegimeData, modality: ReturnType<typeof textModality>, dir: string): Promise<number> {
  const started = performance.now();
  const recipe = TEACHERS[regime];
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: modality });
  const model = buildTeacher({ inputDim: data.teacherFeatures.inputDim, length: ROW_LENGTH }, TEACHER_TRAINING.seed);
  console.log(
    `${regime}: training ${model.countParams()} weights on ${data.counts.teacherTrain.documents} ${REGIME_DOMAINS[regime].teacher}-genre documents ` +
      `(${data.counts.teacherTrain.tokens} tokens), ${recipe.steps === undefined ? `${recipe.epochs} epochs` : `${recipe.steps} batches`}`,
  );
  const trainer = container.resolve(DistillerFactory).create({
    // Gate 'none' never follows a teacher; it only needs logits of the right shape.
    teacher: (inputs: ModelInputs) => tf.zeros([...(inputs as tf.Tensor).shape.slice(0, 2), UNIVERSAL_TAGS.length]),
    student: model,
    modality: 'text',
    optimizer: tf.train.adam(TEACHER_TRAINING.learningRate),
    options: { gate: 'none' },
  });
  await trainer.fit(batches(encodeRows(data.teacherDocuments, data.teacherFeatures, data.tagSet), true), {
    epochs: recipe.epochs,
    ...(recipe.steps === undefined ? {} : { stepsPerEpoch: recipe.steps }),
    seed: TEACHER_TRAINING.seed,
  });
  trainer.optimizer.dispose();
  await saveTeacher(model, data.teacherFeatures, dir);
  model.dispose();
  return Math.round((performance.now() - started) / 1000);
}

function batches(sequences: readonly TokenSequence[], shuffle: boolean) {
  return tokenBatches(sequences, { length: ROW_LENGTH, batchSize: shuffle ? TEACHER_TRAINING.batchSize : 128, featuresPerToken: TokenFeatures.PER_TOKEN, shuffle });
}

function regimesOf(args: string[]): readonly Regime[] {
  const at = args.indexOf('--regimes');
  if (at < 0) return REGIMES;
  const names = (args[at + 1] ?? '').split(',');
  const unknown = names.filter((name) => !isRegime(name));
  if (unknown.length > 0) throw new Error(`unknown regime(s) ${unknown.join(', ')}; known: ${REGIMES.join(', ')}\n${USAGE}`);
  return names as Regime[];
}

const round = (x: number) => Math.round(x * 100) / 100;

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

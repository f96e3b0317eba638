import { audioModality, measureScaling, noteFrameBatches, type NoteFrameExcerpt } from '@selective-kd/audio';
import { createSelectiveContainer, DistillerFactory, evaluateModel, MODALITY, type SelectiveOptions, type Teacher } from '@selective-kd/core';
import { startBackend, type StudentRun } from '@selective-kd/experiments';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atDevThreshold } from './at-dev-threshold.js';
import { FEATURES } from './experiment-config.js';
import { buildStudent } from './models.js';
import { openMsxCorpus } from './open-msx-corpus.js';
import { pieceExcerpts } from './piece-excerpts.js';
import { renderedClips } from './rendered-clips.js';
import { EVALUATION_BATCH, trainTeacher } from './teacher.js';
import { thresholdSweepMetrics } from './threshold-sweep-metrics.js';

/** One student setting of the diagnosis. */
interface Variant {
  name: string;
  options: Partial<SelectiveOptions>;
  learningRate: number;
  /** Fixed epochs (as the old quick mode ran, last weights kept), or a cap with early stopping on dev at this patience. */
  epochs: number;
  patience?: number;
}

/** The old quick mode's student learning rate. */
const OLD_RATE = 3e-3;
const VARIANTS: readonly Variant[] = [
  { name: 'ground truth only, 10 epochs', options: { gate: 'none' }, learningRate: OLD_RATE, epochs: 10 },
  { name: 'vanilla KD τ = 2, 10 epochs', options: { gate: 'all', temperature: 2 }, learningRate: OLD_RATE, epochs: 10 },
  { name: 'vanilla KD τ = 1, 10 epochs', options: { gate: 'all', temperature: 1 }, learningRate: OLD_RATE, epochs: 10 },
  { name: 'vanilla KD τ = 2, λ = 0.25, 10 epochs', options: { gate: 'all', temperature: 2, lambda: 0.25 }, learningRate: OLD_RATE, epochs: 10 },
  { name: 'ground truth only, to convergence', options: { gate: 'none' }, learningRate: 3e-2, epochs: 150, patience: 5 },
  { name: 'vanilla KD τ = 2, to convergence', options: { gate: 'all', temperature: 2 }, learningRate: 3e-2, epochs: 150, patience: 5 },
];

/**
 * `npm run diagnose-quick-kd`: why vanilla KD halved the old quick mode's
 * frame F1 (28.36 → 12.85). Rebuilds that setting — the first 40 s of 8
 * training and 3 test pieces of the old two-way split (every fifth piece a
 * test piece), its teacher trained 8 epochs on them — and trains the seed-0
 * student under each variant: as it ran (10 epochs, Adam 3e-3), with τ = 1,
 * with λ = 0.25, and to convergence (early stopping on the first 40 s of the
 * dev pieces 12, 17, 22 and 27, none of which it trains on). Prints per
 * variant the test F1 at σ > 0.5 and at the threshold chosen on dev, recall,
 * and the mean σ on the test keys that sound.
 */
export async function diagnoseQuickKd(log: (line: string) => void = console.log): Promise<void> {
  await startBackend('wasm', log);
  const corpus = await openMsxCorpus('timgm6mb', log);
  const cacheDir = join(fileURLToPath(new URL('../.cache/', import.meta.url)), 'render', corpus.soundFont);
  const { pieces } = corpus;
  const seconds = 40;
  const oldTrain = pieces.filter((_, i) => i % 5 !== 4).slice(0, 8);
  const scaling = measureScaling(await renderedClips(oldTrain, FEATURES, corpus.render, cacheDir, seconds));
  const options = { render: corpus.render, cacheDir, scaling, excerptFrames: FEATURES.excerptFrames, context: FEATURES.context, seconds };
  const train = (await pieceExcerpts(oldTrain, FEATURES, options)).excerpts;
  const test = (await pieceExcerpts(pieces.filter((_, i) => i % 5 === 4).slice(0, 3), FEATURES, options)).excerpts;
  const dev = (await pieceExcerpts(pieces.filter((_, i) => i % 5 === 2 && i >= 12), FEATURES, options)).excerpts;

  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: { ...audioModality(), createMetrics: () => thresholdSweepMetrics() } });
  const distillers = container.resolve(DistillerFactory);
  const shape = { frames: FEATURES.excerptFrames, context: FEATURES.context, bins: FEATURES.melBands };
  const { model: teacher } = await trainTeacher(distillers, shape, train, dev, { epochs: 8, batchSize: 16, learningRate: OLD_RATE, seed: 1 }, () => undefined);
  const fixed = (excerpts: NoteFrameExcerpt[]) => noteFrameBatches(excerpts, { batchSize: EVALUATION_BATCH, shuffle: false });
  const modality = distillers.create({ teacher, student: teacher, modality: 'audio', options: { gate: 'none' } }).modality;
  const score = async (model: Teacher) => ({ dev: (await evaluateModel(model, fixed(dev), modality)).metrics, test: (await evaluateModel(model, fixed(test), modality)).metrics });

  log('| student (seed 0) | epochs (best) | test F1 at 0.5 | recall | dev-chosen threshold | test F1 there | mean σ on sounding test keys |');
  log('|---|---|---|---|---|---|---|');
  const row = (name: string, epochs: string, s: { dev: Record<string, number>; test: Record<string, number> }, sounding: number) => {
    const { dev: d, test: t } = atDevThreshold({ dev: s.dev, test: s.test } as StudentRun);
    const pct = (v: number) => (100 * v).toFixed(2);
    log(`| ${name} | ${epochs} | ${pct(t.f1)} | ${pct(t.recall)} | ${d.threshold} | ${pct(t.f1DevThreshold)} | ${sounding.toFixed(3)} |`);
  };
  row('*teacher* (8 epochs)', '8', await score(teacher), await meanSounding(teacher, test));
  for (const variant of VARIANTS) {
    const student = buildStudent(shape, 0);
    const distiller = distillers.create({ teacher, student, modality: 'audio', optimizer: tf.train.adam(variant.learningRate), options: variant.options });
    const fit = await distiller.fit(noteFrameBatches(train, { batchSize: 16 }), {
      epochs: variant.epochs,
      seed: 0,
      progress: false,
      ...(variant.patience === undefined ? {} : { validationData: fixed(dev), earlyStopping: { monitor: 'f1', patience: variant.patience } }),
    });
    const epochs = `${fit.history.length}${fit.bestEpoch === undefined ? '' : ` (${fit.bestEpoch + 1})`}`;
    row(variant.name, epochs, await score(student), await meanSounding(student, test));
    distiller.optimizer.dispose();
    student.dispose();
  }
  teacher.dispose();
}

/** Mean σ(logit) over the (valid frame, key) pairs whose key sounds: how sure the model is where it should say yes. */
async function meanSounding(model: tfl.LayersModel, excerpts: readonly NoteFrameExcerpt[]): Promise<number> {
  let sum = 0;
  let count = 0;
  for (const batch of noteFrameBatches(excerpts, { batchSize: EVALUATION_BATCH, shuffle: false })()) {
    const [s, c] = tf.tidy(() => {
      const on = tf.mul(batch.labels, tf.expandDims(batch.valid as tf.Tensor, -1));
      const p = tf.sigmoid(model.predict(batch.inputs as tf.Tensor) as tf.Tensor);
      return [tf.sum(tf.mul(p, on)).dataSync()[0], tf.sum(on).dataSync()[0]];
    });
    sum += s;
    count += c;
    tf.dispose([batch.inputs as tf.Tensor, batch.labels, batch.valid as tf.Tensor]);
  }
  return sum / Math.max(count, 1);
}

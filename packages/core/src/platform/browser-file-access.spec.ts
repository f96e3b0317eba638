import { expectNoTensorLeak, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as fakeIndexedDb from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHECKPOINT_DATABASE, type CheckpointRecord } from '../persistence/indexed-db-checkpoints.js';
import { initBackend } from '../runtime/init-backend.js';
import { BestWeights } from '../training/best-weights.js';
import type { CheckpointInfo } from '../training/distiller-callbacks.js';
import { SelectiveDistiller, type FitOptions } from '../training/selective-distiller.js';
import { TeacherOutputCache } from '../training/teacher-output-cache.js';
import { fileAccess } from './browser-file-access.js';

// What a browser bundle of core gets for `#file-access`.
vi.mock('#file-access', () => import('./browser-file-access.js'));

const modality = testModality();
const STEPS = 3;

function student(units = 6): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units, activation: 'relu', inputShape: [1, 2], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

function distiller(units?: number): SelectiveDistiller {
  return new SelectiveDistiller({ student: student(units), modality, optimizer: tf.train.adam(0.05) });
}

/** STEPS batches of two examples with one unit each, in an order the epoch and seed shuffle. */
const source = ({ epoch, seed }: { epoch: number; seed: number }) =>
  Array.from({ length: STEPS }, (_, i) => {
    const k = (i + epoch + seed) % STEPS;
    return { inputs: tf.tensor3d([[[k, 1 - k]], [[2 * k, 0.5]]]), labels: tf.tensor2d([[k % 3], [(k + 1) % 3]], undefined, 'int32') };
  });

const weightsOf = (d: SelectiveDistiller) => d.student.getWeights().map((w) => Array.from(w.dataSync()));

/** A page's IndexedDB (fake-indexeddb's, in memory), fresh for each test; a reload of the page keeps it. */
function giveIndexedDb(): void {
  vi.stubGlobal('indexedDB', new fakeIndexedDb.IDBFactory());
  for (const name of ['IDBCursor', 'IDBCursorWithValue', 'IDBDatabase', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBRequest', 'IDBTransaction'] as const) {
    vi.stubGlobal(name, fakeIndexedDb[name]);
  }
}

/** The checkpoint records as IndexedDB holds them. */
async function records(): Promise<{ checkpoints: Record<string, CheckpointRecord>; bestWeights: unknown[] }> {
  const db = await openDB(CHECKPOINT_DATABASE);
  try {
    const names = (await db.getAllKeys('checkpoints')) as string[];
    const checkpoints = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await db.get('checkpoints', name)])));
    return { checkpoints, bestWeights: await db.getAllKeys('best-weights') };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  await initBackend('cpu');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("core's browser build without IndexedDB", () => {
  beforeEach(() => vi.stubGlobal('indexedDB', undefined));

  it.each([
    ['checkpoint', { checkpoint: { dir: 'run' } }, 'fit({ checkpoint }) needs IndexedDB'],
    ['resumeFrom', { resumeFrom: 'run' }, 'a checkpoint needs IndexedDB'],
    ['metricsLog', { metricsLog: 'run/metrics.jsonl' }, 'fit({ metricsLog }) needs a file system'],
  ])('refuses %s before training, saying what it needs', async (_, options, message) => {
    const d = distiller();
    const before = weightsOf(d);
    const error = await d.fit(source, { epochs: 1, progress: false, ...options }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SelectiveKdError', code: 'UNSUPPORTED' });
    expect((error as Error).message).toContain(message);
    expect(weightsOf(d)).toEqual(before);
    d.dispose();
  });

  it('refuses a teacher-output cache on disk', async () => {
    const teacher = (x: tf.Tensor | tf.Tensor[]) => tf.zeros([(x as tf.Tensor).shape[0]!, 1, 3]);
    const error = await TeacherOutputCache.compute(teacher, source, { dir: 'cache', key: 'k' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('trains without them', async () => {
    const d = distiller();
    const result = await d.fit(source, { epochs: 2, progress: false });
    expect(result.history.map((epoch) => Number.isFinite(epoch.loss))).toEqual([true, true]);
    d.dispose();
  });
});

describe("core's browser build keeps checkpoints in IndexedDB", () => {
  beforeEach(giveIndexedDb);

  const fit = (d: SelectiveDistiller, options: FitOptions) => d.fit(source, { epochs: 3, seed: 4, progress: false, ...options });

  it('a run stopped mid-epoch and resumed from IndexedDB (as after a page reload) ends with the weights of an uninterrupted run', async () => {
    const whole = distiller();
    const uninterrupted = await fit(whole, {});

    const closed = distiller();
    const written: CheckpointInfo[] = [];
    const pageClosed = new Error('the page was closed');
    const stop = { onStepEnd: ({ globalStep }: { globalStep: number }) => { if (globalStep === 5) throw pageClosed; } };
    const onCheckpoint = (info: CheckpointInfo) => void written.push(info);
    await expect(fit(closed, { checkpoint: { dir: 'run', everySteps: 2 }, callbacks: [stop, { onCheckpoint }] })).rejects.toBe(pageClosed);
    expect(written).toEqual([
      { path: 'indexeddb:selective-kd-checkpoints/run', epoch: 0, step: 2, globalStep: 2 },
      { path: 'indexeddb:selective-kd-checkpoints/run', epoch: 1, step: 0, globalStep: 3 },
      { path: 'indexeddb:selective-kd-checkpoints/run', epoch: 1, step: 1, globalStep: 4 },
    ]);
    const { checkpoints } = await records();
    expect(Object.keys(checkpoints)).toEqual(['run']);
    expect(checkpoints.run).toMatchObject({ format: 'selective-kd-checkpoint', version: 1, generation: 3, state: { epoch: 1, step: 1, globalStep: 4, seed: 4 } });

    // A new page: a new student and optimizer, the same IndexedDB.
    const reloaded = distiller();
    const resumed = await fit(reloaded, { resumeFrom: 'run', checkpoint: { dir: 'run' } });
    expect(weightsOf(reloaded)).toEqual(weightsOf(whole));
    expect(resumed.history.map((e) => [e.epoch, e.steps])).toEqual(uninterrupted.history.map((e) => [e.epoch, e.steps]));
    resumed.history.forEach((e, i) => expect(e.loss).toBeCloseTo(uninterrupted.history[i].loss, 6));
    expect((await records()).checkpoints.run).toMatchObject({ generation: 5, state: { epoch: 3, step: 0, globalStep: 9 } });
    for (const d of [whole, closed, reloaded]) d.dispose();
  });

  it('keeps the best weights of early stopping beside the checkpoint, and only the latest', async () => {
    const d = distiller();
    const best = new BestWeights();
    for (const epoch of [1, 4]) {
      best.take(d.student, epoch);
      await fileAccess.saveBestWeights(best, 'run');
      await fileAccess.pruneBestWeights(best, 'run');
    }
    expect((await records()).bestWeights).toEqual([['run', 4]]);

    const loaded = new BestWeights();
    const other = distiller();
    await fileAccess.loadBestWeights(loaded, 'run', 4, other.student);
    expect(loaded.epoch).toBe(4);
    expect(loaded.weights!.map((w) => Array.from(w.dataSync()))).toEqual(best.weights!.map((w) => Array.from(w.dataSync())));
    await expect(fileAccess.loadBestWeights(new BestWeights(), 'run', 1, other.student)).rejects.toMatchObject({
      code: 'CHECKPOINT',
      message: expect.stringContaining('names epoch 2 as the best, but its weights are not there'),
    });
    const wider = distiller(7);
    await expect(fileAccess.loadBestWeights(new BestWeights(), 'run', 4, wider.student)).rejects.toMatchObject({
      code: 'CHECKPOINT',
      message: expect.stringContaining('do not fit student'),
    });
    for (const x of [best, loaded]) x.dispose();
    for (const x of [d, other, wider]) x.dispose();
  });

  it('resumes with early stopping and restoreBestWeights as a run that never stopped', async () => {
    const validationData = () => source({ epoch: 0, seed: 0 });
    const earlyStopping = { monitor: 'loss', patience: 1, restoreBestWeights: true } as const;
    const whole = distiller();
    const uninterrupted = await fit(whole, { epochs: 6, validationData, earlyStopping });

    const closed = distiller();
    const stop = { onEpochEnd: ({ epoch }: { epoch: number }) => { if (epoch === 1) throw new Error('closed'); } };
    await expect(fit(closed, { epochs: 6, validationData, earlyStopping, checkpoint: { dir: 'early' }, callbacks: [stop] })).rejects.toThrow('closed');
    const reloaded = distiller();
    const resumed = await fit(reloaded, { epochs: 6, validationData, earlyStopping, resumeFrom: 'early', checkpoint: { dir: 'early' } });
    expect([resumed.bestEpoch, resumed.stoppedEarly, resumed.history.length]).toEqual([uninterrupted.bestEpoch, uninterrupted.stoppedEarly, uninterrupted.history.length]);
    expect(weightsOf(reloaded)).toEqual(weightsOf(whole));
    for (const d of [whole, closed, reloaded]) d.dispose();
  });

  it('says which checkpoint is missing or does not fit, and leaves the student as it was', async () => {
    const d = distiller();
    await expect(fit(d, { resumeFrom: 'nowhere' })).rejects.toMatchObject({
      code: 'CHECKPOINT',
      message: expect.stringContaining("no checkpoint named 'nowhere' in this origin's IndexedDB"),
    });
    await fit(d, { epochs: 1, checkpoint: { dir: 'small' } });
    const wider = distiller(7);
    const before = weightsOf(wider);
    await expect(fit(wider, { resumeFrom: 'small' })).rejects.toMatchObject({
      code: 'CHECKPOINT',
      message: expect.stringContaining("the checkpoint's student weight 0"),
    });
    expect(weightsOf(wider)).toEqual(before);
    for (const x of [d, wider]) x.dispose();
  });

  it('a checkpoint write that fails (a full quota) keeps the previous checkpoint and says why', async () => {
    const d = distiller();
    await fit(d, { epochs: 1, checkpoint: { dir: 'run' } });
    vi.spyOn(fakeIndexedDb.IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('the origin is out of storage', 'QuotaExceededError');
    });
    await expect(fit(d, { epochs: 2, resumeFrom: 'run', checkpoint: { dir: 'run' } })).rejects.toMatchObject({
      code: 'CHECKPOINT',
      message: "cannot write a checkpoint to 'indexeddb:selective-kd-checkpoints/run': QuotaExceededError: the origin is out of storage",
    });
    vi.restoreAllMocks();
    expect((await fileAccess.readCheckpoint('run')).state).toMatchObject({ epoch: 1, step: 0, globalStep: 3 });
    d.dispose();
  });

  it('leaks no tensors writing and restoring checkpoints and best weights', async () => {
    const d = distiller();
    await expectNoTensorLeak(() => fit(d, { epochs: 1, checkpoint: { dir: 'leak', everySteps: 1 } }), { steps: 3 });
    await expectNoTensorLeak(async () => fileAccess.restoreCheckpoint(await fileAccess.readCheckpoint('leak'), d.student, d.optimizer), { steps: 3 });
    const [best, loaded] = [new BestWeights(), new BestWeights()];
    let epoch = 0;
    await expectNoTensorLeak(async () => {
      best.take(d.student, ++epoch);
      await fileAccess.saveBestWeights(best, 'leak');
      await fileAccess.pruneBestWeights(best, 'leak');
      await fileAccess.loadBestWeights(loaded, 'leak', epoch, d.student);
    }, { steps: 3 });
    best.dispose();
    loaded.dispose();
    d.dispose();
  });
});

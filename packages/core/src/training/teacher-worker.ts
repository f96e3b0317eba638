import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SelectiveKdError } from '../selective-kd-error.js';
import { disposeBatch, passOver, teacherInputsOf, type Batch, type BatchSource, type Pass } from './batch.js';
import type { TeacherOutputs } from './teacher-output-cache.js';
import { TEACHER_WORKER_THREAD } from './teacher-worker-thread.js';

export interface TeacherWorkerOptions {
  /** The worker's backend. Default: this thread's if it is 'wasm' or 'cpu', else 'wasm'. */
  backend?: 'wasm' | 'cpu';
}

interface Logits {
  values: Float32Array;
  shape: number[];
}

type Reply = { id: number; values: Float32Array; shape: number[] } | { id: number; error: string };

/**
 * The teacher run one batch ahead on a second core, for sources that change
 * every epoch (augmentation), where a `TeacherOutputCache` cannot help. Node
 * only: a `worker_threads` worker with its own tfjs backend gets a copy of the
 * teacher; `ahead(source)` sends it each batch's inputs as soon as the batch
 * is drawn, one batch before the distiller trains on it, and
 *
 *     const worker = await TeacherWorker.start(teacher);
 *     await distiller.fit(worker.ahead(source), { epochs, teacherOutputs: worker });
 *     await worker.terminate();
 *
 * trains on the current batch while the worker runs the teacher on the next.
 * A worker that dies fails the pass with a `SelectiveKdError`.
 */
export class TeacherWorker implements TeacherOutputs {
  private readonly pending = new Map<number, { resolve: (logits: Logits) => void; reject: (error: Error) => void }>();
  private readonly ready = new WeakMap<Batch, Logits>();
  private nextId = 0;
  private failure: SelectiveKdError | undefined;

  private constructor(private readonly thread: Worker) {
    thread.on('message', (reply: Reply) => this.settle(reply));
    thread.on('error', (error) => this.fail(`the teacher worker failed: ${error.message}`));
    thread.on('exit', (code) => this.fail(`the teacher worker stopped (exit code ${code})`));
  }

  /** Starts a worker with a copy of `teacher` (a `tf.LayersModel`) and waits until it can predict. */
  static async start(teacher: LayersModel, { backend = defaultBackend() }: TeacherWorkerOptions = {}): Promise<TeacherWorker> {
    if (backend !== 'wasm' && backend !== 'cpu') {
      throw new SelectiveKdError('INVALID_OPTION', `backend must be 'wasm' or 'cpu'; got ${JSON.stringify(backend)}`);
    }
    if (!teacher || typeof (teacher as Partial<LayersModel>).save !== 'function') {
      throw new SelectiveKdError('INVALID_MODEL', 'a teacher worker needs a tf.LayersModel teacher (it is copied into the worker by saving it)');
    }
    let artifacts: tf.io.ModelArtifacts | undefined;
    await teacher.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const require = createRequire(import.meta.url);
    const paths = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-layers'].map((name) =>
      require.resolve(name),
    );
    const thread = new Worker(TEACHER_WORKER_THREAD, { eval: true, workerData: { paths, backend, artifacts } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: string; failed?: string }) => {
        if (message.ready) resolve();
        else if (message.failed) reject(new SelectiveKdError('INVALID_MODEL', `the teacher worker could not start: ${message.failed}`));
      };
      thread.once('message', onMessage);
      thread.once('error', (error) => reject(new SelectiveKdError('INVALID_MODEL', `the teacher worker could not start: ${error.message}`)));
      thread.once('exit', (code) => reject(new SelectiveKdError('INVALID_MODEL', `the teacher worker stopped while starting (exit code ${code})`)));
    }).catch(async (error) => {
      await thread.terminate();
      throw error;
    });
    return new TeacherWorker(thread);
  }

  /**
   * `source` with each batch's teacher logits on their way: every batch is
   * sent to the worker when drawn and handed on one batch later, once its
   * logits are back. A batch drawn ahead but not handed on (the pass was cut
   * short) is disposed unless `disposeBatches` is false.
   */
  ahead(source: BatchSource, { disposeBatches = true }: { disposeBatches?: boolean } = {}): (pass?: Pass) => AsyncGenerator<Batch> {
    const worker = this;
    return async function* (pass: Pass = { epoch: 0, seed: 0 }) {
      const batches = passOver(source, pass);
      // Drawn but not yet handed on: disposed here if the pass ends early or fails.
      const held = new Set<Batch>();
      try {
        let current = await batches.next();
        if (current.done) return;
        held.add(current.value);
        let currentLogits = worker.send(current.value);
        for (;;) {
          const next = await batches.next();
          let nextLogits: Promise<Logits> | undefined;
          if (!next.done) {
            held.add(next.value);
            nextLogits = worker.send(next.value);
          }
          worker.ready.set(current.value, await currentLogits);
          held.delete(current.value);
          yield current.value;
          if (next.done) return;
          [current, currentLogits] = [next, nextLogits!];
        }
      } finally {
        if (disposeBatches) held.forEach(disposeBatch);
        await batches.return(undefined);
      }
    };
  }

  /** The logits the worker computed for `batch`, which must have come through `ahead`; the caller disposes them. */
  logitsFor(batch: Batch): tf.Tensor {
    const logits = this.ready.get(batch);
    if (!logits) {
      throw new SelectiveKdError(
        'INVALID_INPUT',
        'this batch has no teacher logits from the worker: give fit the source wrapped by worker.ahead(source)',
      );
    }
    this.ready.delete(batch);
    return tf.tensor(logits.values, logits.shape, 'float32');
  }

  /** Stops the worker; a pass still waiting on it fails. */
  async terminate(): Promise<void> {
    await this.thread.terminate();
  }

  /** Posts the batch's teacher inputs; the promise settles with the worker's reply (never unhandled). */
  private send(batch: Batch): Promise<Logits> {
    const reply = (async () => {
      if (this.failure) throw this.failure;
      const teacherInputs = teacherInputsOf(batch);
      const tensors = Array.isArray(teacherInputs) ? teacherInputs : [teacherInputs];
      const inputs = await Promise.all(tensors.map(async (x) => ({ values: (await x.data()).slice(), shape: x.shape, dtype: x.dtype })));
      const id = this.nextId++;
      return new Promise<Logits>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.thread.postMessage({ id, inputs }, inputs.map((input) => input.values.buffer as ArrayBuffer));
      });
    })();
    reply.catch(() => undefined); // awaited later; a failure then is the one that counts
    return reply;
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(new SelectiveKdError('INVALID_MODEL', `the teacher failed in its worker: ${reply.error}`));
    else waiting.resolve({ values: reply.values, shape: reply.shape });
  }

  private fail(message: string): void {
    this.failure ??= new SelectiveKdError('INVALID_MODEL', message);
    for (const { reject } of this.pending.values()) reject(this.failure);
    this.pending.clear();
  }
}

function defaultBackend(): 'wasm' | 'cpu' {
  const backend = tf.getBackend();
  return backend === 'cpu' || backend === 'wasm' ? backend : 'wasm';
}

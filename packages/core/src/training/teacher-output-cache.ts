import * as tf from '@tensorflow/tfjs-core';
import { fileAccess } from '#file-access';
import type { ProcessingUnit } from '../processing-unit.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { disposeBatch, passOver, teacherInputsOf, type Batch, type BatchSource } from './batch.js';
import { teacherFunction, type ModelInputs, type Teacher } from './teacher.js';
import type { TeacherOutputManifest } from './teacher-output-cache-disk.js';
import { ContentHash, teacherFingerprint } from './teacher-output-cache-fingerprint.js';
import { checkStorage, rowCodec, storageName, type RowCodec, type TeacherOutputStorage } from './teacher-output-cache-storage.js';

export interface TeacherOutputCacheOptions {
  /** How the logits are kept: `'float32'` (default, exact), `'float16'` or `{ topK: k }`; see `TeacherOutputStorage`. */
  storage?: TeacherOutputStorage;
  /**
   * A folder to keep the cache in (Node only), as shards of `shardRows`
   * examples plus a manifest. A cache found there is reused when its teacher
   * and data fingerprints and storage match, and recomputed otherwise.
   */
  dir?: string;
  /**
   * Goes into the teacher's fingerprint. Required with `dir` for a
   * plain-function teacher (whose weights cannot be read); give any string
   * that changes whenever the teacher does.
   */
  key?: string;
  /** Examples per shard. Default: as many as fit in 64 MiB. */
  shardRows?: number;
  /** A cache read from `dir`: all shards at once (default), or each on the first `gather` that needs it. */
  load?: 'whole' | 'lazy';
  /** Dispose each batch's tensors once the teacher has seen them. Default true. */
  disposeBatches?: boolean;
  /** Handed to a function source as `{ epoch: 0, seed }`. Default 0. */
  seed?: number;
}

/** The fingerprints a cache was made for: of the teacher's weights (or key) and of every example's inputs. */
export interface TeacherOutputFingerprint {
  /** Undefined for a plain-function teacher without a `key`. */
  teacher: string | undefined;
  data: string;
}

/** One pass over the source: the data fingerprint and, when the teacher ran, its encoded rows. */
interface Pass {
  rows: number;
  data: string;
  computed?: { rowShape: number[]; codec: RowCodec; shardRows: number; shards: Uint8Array[] };
}

const SHARD_BYTES = 64 * 2 ** 20;

/**
 * What `fit` and `evaluate` take as `teacherOutputs`: the teacher's logits for
 * a batch, got without running the teacher in this thread (a
 * `TeacherOutputCache`, or a `TeacherWorker` running it one batch ahead).
 */
export interface TeacherOutputs {
  logitsFor(batch: Batch, unit: ProcessingUnit): tf.Tensor;
}

/**
 * The teacher's logits for every example of a dataset, computed once, so that
 * distillation runs for every epoch, gate and seed skip the teacher's forward
 * pass: `fit(source, { teacherOutputs: cache })`. Rows are addressed by
 * `Batch.indices`. Holds no tensors: the rows live in JS memory (`byteLength`
 * bytes) and `gather` makes a new tensor that the caller disposes.
 */
export class TeacherOutputCache implements TeacherOutputs {
  private shards: (Uint8Array | undefined)[];
  private disposed = false;

  private constructor(
    /** Examples 0 … rows−1. */
    readonly rows: number,
    /** One example's logits, `[...unitDims, C]`. */
    readonly rowShape: readonly number[],
    readonly storage: TeacherOutputStorage,
    readonly shardRows: number,
    readonly fingerprint: TeacherOutputFingerprint,
    /** `'teacher'` when computed by this call, `'disk'` when reused from `dir`. */
    readonly origin: 'teacher' | 'disk',
    private readonly codec: RowCodec,
    shards: (Uint8Array | undefined)[],
    private readonly readShard?: (shard: number) => Uint8Array,
  ) {
    this.shards = shards;
  }

  /**
   * Runs the teacher over one pass of `source` (any order: rows are placed by
   * `batch.indices`, which must name each example 0 … N−1 exactly once) and
   * keeps one logits row per example; or, with `dir`, reuses the cache there
   * if it was made by the same teacher from the same inputs, without running
   * the teacher. The batches are disposed after use unless `disposeBatches` is false.
   */
  static async compute(teacher: Teacher, source: BatchSource, options: TeacherOutputCacheOptions = {}): Promise<TeacherOutputCache> {
    const { storage, dir, key, shardRows, load, disposeBatches, seed } = checkOptions(options);
    const run = teacherFunction(teacher);
    const teacherPrint = await teacherFingerprint(teacher, key);
    if (dir === undefined) {
      const pass = await passWith(source, { storage, shardRows, disposeBatches, seed }, run);
      return TeacherOutputCache.fromPass(pass, storage, teacherPrint);
    }
    if (teacherPrint === undefined) {
      throw new SelectiveKdError(
        'INVALID_OPTION',
        `a teacher-output cache in '${dir}' needs options.key for a plain-function teacher, whose weights cannot be read: ` +
          'any string that changes whenever the teacher does',
      );
    }
    const disk = fileAccess.teacherOutputCacheDisk(dir);
    const stored = await disk.readManifest();
    const candidate =
      stored !== undefined && stored.fingerprint.teacher === teacherPrint && storageName(stored.storage) === storageName(storage);
    // With a candidate on disk, the first pass only hashes the inputs; the teacher runs if they differ.
    const first = await passWith(source, { storage, shardRows, disposeBatches, seed }, candidate ? undefined : run);
    if (candidate && stored.fingerprint.data === first.data && stored.rows === first.rows) {
      return TeacherOutputCache.fromDisk(stored, load === 'whole' ? await disk.readAll(stored) : [], (shard) => disk.readShard(stored, shard));
    }
    const pass = first.computed ? first : await passWith(source, { storage, shardRows, disposeBatches, seed }, run);
    if (pass.data !== first.data) {
      throw new SelectiveKdError(
        'INVALID_INPUT',
        'the source gave different inputs on two passes; a teacher-output cache needs the same data every pass (no random augmentation)',
      );
    }
    const cache = TeacherOutputCache.fromPass(pass, storage, teacherPrint);
    await disk.write(cache.manifest(teacherPrint), cache.shards as Uint8Array[]);
    return cache;
  }

  /** The bytes of rows held in memory now (a lazily loaded cache grows as shards are read). */
  get byteLength(): number {
    return this.shards.reduce((sum, shard) => sum + (shard?.byteLength ?? 0), 0);
  }

  /** The logits of examples `indices`, float32 `[indices.length, ...rowShape]`; the caller disposes it. */
  gather(indices: readonly number[]): tf.Tensor {
    if (this.disposed) throw new SelectiveKdError('INVALID_OPTION', 'this teacher-output cache has been disposed');
    const size = this.rowShape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(indices.length * size);
    indices.forEach((index, b) => {
      if (!Number.isInteger(index) || index < 0 || index >= this.rows) {
        throw new SelectiveKdError(
          'INVALID_INPUT',
          `example index ${index} is outside the teacher-output cache's ${this.rows} rows (0…${this.rows - 1}); ` +
            'is the batch from the dataset the cache was computed on?',
        );
      }
      const shard = Math.floor(index / this.shardRows);
      this.codec.decode(this.shard(shard), (index - shard * this.shardRows) * this.codec.bytesPerRow, out, b * size);
    });
    return tf.tensor(out, [indices.length, ...this.rowShape], 'float32');
  }

  /**
   * The teacher's logits for `batch` (what `SelectiveDistiller` calls): checks
   * that the batch has one index per row and that the storage suits the
   * modality's units, then gathers.
   */
  logitsFor(batch: Batch, unit: ProcessingUnit): tf.Tensor {
    if (typeof this.storage === 'object' && unit.target === 'multi-label') {
      throw new SelectiveKdError(
        'INVALID_OPTION',
        `a teacher-output cache stored as { topK: ${this.storage.topK} } suits softmax (class-index) units only; ` +
          `'${unit.name}' units are multi-label, where every class is its own two-way distribution: use 'float32' or 'float16'`,
      );
    }
    const rows = batch.labels.shape[0];
    if (batch.indices === undefined) {
      throw new SelectiveKdError(
        'INVALID_INPUT',
        'teacherOutputs reads the teacher logits by Batch.indices, but a batch has none; ' +
          'use a batcher that sets them (segmentationBatches, tokenBatches, noteFrameBatches) or add them to the batches',
      );
    }
    if (batch.indices.length !== rows) {
      throw new SelectiveKdError('SHAPE_MISMATCH', `a batch has ${rows} rows but ${batch.indices.length} indices; give one index per row`);
    }
    return this.gather(batch.indices);
  }

  /** Drops the rows from memory; `gather` fails afterwards. */
  dispose(): void {
    this.shards = [];
    this.disposed = true;
  }

  private shard(shard: number): Uint8Array {
    let bytes = this.shards[shard];
    if (bytes === undefined) {
      // Only a lazily loaded cache has gaps; reading it may throw for a corrupt file, naming it.
      bytes = this.readShard!(shard);
      this.shards[shard] = bytes;
    }
    return bytes;
  }

  private manifest(teacher: string): TeacherOutputManifest {
    return {
      format: 'selective-kd-teacher-outputs',
      version: 1,
      rows: this.rows,
      rowShape: [...this.rowShape],
      storage: this.storage,
      bytesPerRow: this.codec.bytesPerRow,
      shardRows: this.shardRows,
      fingerprint: { teacher, data: this.fingerprint.data },
    };
  }

  private static fromPass(pass: Pass, storage: TeacherOutputStorage, teacher: string | undefined): TeacherOutputCache {
    const { rowShape, codec, shardRows, shards } = pass.computed!;
    return new TeacherOutputCache(pass.rows, rowShape, storage, shardRows, { teacher, data: pass.data }, 'teacher', codec, shards);
  }

  private static fromDisk(manifest: TeacherOutputManifest, shards: Uint8Array[], readShard: (shard: number) => Uint8Array): TeacherOutputCache {
    const { rows, rowShape, storage, shardRows, fingerprint } = manifest;
    const codec = rowCodec(storage, rowShape);
    return new TeacherOutputCache(rows, rowShape, storage, shardRows, fingerprint, 'disk', codec, shards, readShard);
  }
}

interface CheckedOptions {
  storage: TeacherOutputStorage;
  dir?: string;
  key?: string;
  shardRows?: number;
  load: 'whole' | 'lazy';
  disposeBatches: boolean;
  seed: number;
}

function checkOptions(options: TeacherOutputCacheOptions): CheckedOptions {
  const { storage = 'float32', dir, key, shardRows, load = 'whole', disposeBatches = true, seed = 0 } = options;
  if (dir !== undefined && (typeof dir !== 'string' || dir.length === 0)) {
    throw new SelectiveKdError('INVALID_OPTION', `dir must be a folder path; got ${JSON.stringify(dir)}`);
  }
  if (key !== undefined && typeof key !== 'string') {
    throw new SelectiveKdError('INVALID_OPTION', `key must be a string; got ${JSON.stringify(key)}`);
  }
  if (shardRows !== undefined && (!Number.isInteger(shardRows) || shardRows < 1)) {
    throw new SelectiveKdError('INVALID_OPTION', `shardRows must be a whole number ≥ 1; got ${shardRows}`);
  }
  if (load !== 'whole' && load !== 'lazy') {
    throw new SelectiveKdError('INVALID_OPTION', `load must be 'whole' or 'lazy'; got ${JSON.stringify(load)}`);
  }
  if (!Number.isSafeInteger(seed)) throw new SelectiveKdError('INVALID_OPTION', `seed must be a whole number; got ${seed}`);
  return { storage: checkStorage(storage), dir, key, shardRows, load, disposeBatches, seed };
}

/**
 * One pass over the source: hashes every example's teacher inputs (placed by
 * index; a batch's `teacherInputs` if it has them, else its `inputs`) and,
 * when `run` is given, runs the teacher on them and encodes its rows.
 */
async function passWith(
  source: BatchSource,
  options: Pick<CheckedOptions, 'storage' | 'shardRows' | 'disposeBatches' | 'seed'>,
  run: ((inputs: ModelInputs) => tf.Tensor) | undefined,
): Promise<Pass> {
  let seen = new Uint8Array(1024);
  let hashes = new Uint32Array(2 * 1024);
  let rows = 0;
  let computed: Pass['computed'];
  let batchNumber = 0;
  for await (const batch of passOver(source, { epoch: 0, seed: options.seed })) {
    try {
      const teacherInputs = teacherInputsOf(batch);
      const inputs = Array.isArray(teacherInputs) ? teacherInputs : [teacherInputs];
      const size = inputs[0].shape[0];
      const indices = checkIndices(batch.indices, size, batchNumber);
      const largest = Math.max(...indices);
      while (largest >= seen.length) {
        seen = grown(seen, seen.length * 2);
        hashes = grown(hashes, seen.length * 2);
      }
      rows = Math.max(rows, largest + 1);
      const values = await Promise.all(inputs.map((x) => x.data()));
      indices.forEach((index, b) => {
        if (seen[index]) throw new SelectiveKdError('INVALID_INPUT', `example ${index} came twice in one pass (again in batch ${batchNumber}); give each example once`);
        seen[index] = 1;
        const hash = new ContentHash();
        inputs.forEach((x, j) => {
          const perRow = x.size / size;
          hash.text(x.dtype).numbers(x.shape.slice(1)).update(values[j].subarray(b * perRow, (b + 1) * perRow));
        });
        hashes.set(hash.digestWords(), 2 * index);
      });
      if (run) computed = await encodeTeacherRows(run, teacherInputs, indices, computed, options);
    } finally {
      if (options.disposeBatches) disposeBatch(batch);
    }
    batchNumber++;
  }
  if (batchNumber === 0) throw new SelectiveKdError('EMPTY_DATASET', 'the teacher-output cache was given a dataset with no batches');
  const missing = seen.subarray(0, rows).indexOf(0);
  if (missing >= 0) {
    throw new SelectiveKdError(
      'INVALID_INPUT',
      `example ${missing} never came in the pass, though indices go up to ${rows - 1}; the source must give every example 0…N−1 once`,
    );
  }
  if (computed) {
    // The last shard holds only the rows there are.
    const last = computed.shards.length - 1;
    computed.shards[last] = computed.shards[last].slice(0, (rows - last * computed.shardRows) * computed.codec.bytesPerRow);
  }
  return { rows, data: new ContentHash().numbers([rows]).update(hashes.subarray(0, 2 * rows)).digest(), computed };
}

/** Runs the teacher on one batch and writes its rows into their shards, making the codec and shards on the first batch. */
async function encodeTeacherRows(
  run: (inputs: ModelInputs) => tf.Tensor,
  inputs: ModelInputs,
  indices: number[],
  computed: Pass['computed'],
  { storage, shardRows }: Pick<CheckedOptions, 'storage' | 'shardRows'>,
): Promise<NonNullable<Pass['computed']>> {
  const logits = tf.tidy(() => {
    const out = run(inputs);
    return out.dtype === 'float32' ? out : tf.cast(out, 'float32');
  });
  let values: Float32Array;
  try {
    const rowShape = logits.shape.slice(1);
    if (logits.shape[0] !== indices.length) {
      throw new SelectiveKdError('SHAPE_MISMATCH', `the teacher gave ${logits.shape[0]} rows of logits for a batch of ${indices.length}`);
    }
    if (computed && rowShape.join() !== computed.rowShape.join()) {
      throw new SelectiveKdError(
        'SHAPE_MISMATCH',
        `the teacher gave logits rows of [${rowShape}] for one batch and [${computed.rowShape}] for another; a cache keeps rows of one shape`,
      );
    }
    if (!computed) {
      const codec = rowCodec(storage, rowShape);
      computed = { rowShape, codec, shardRows: shardRows ?? Math.max(1, Math.floor(SHARD_BYTES / codec.bytesPerRow)), shards: [] };
    }
    values = (await logits.data()) as Float32Array;
  } finally {
    logits.dispose();
  }
  const { codec, shards } = computed;
  indices.forEach((index, b) => {
    const shard = Math.floor(index / computed!.shardRows);
    for (let s = shards.length; s <= shard; s++) shards.push(new Uint8Array(0));
    if (shards[shard].length === 0) shards[shard] = new Uint8Array(computed!.shardRows * codec.bytesPerRow);
    codec.encode(values, b, shards[shard], (index - shard * computed!.shardRows) * codec.bytesPerRow);
  });
  return computed;
}

function checkIndices(indices: number[] | undefined, size: number, batchNumber: number): number[] {
  if (indices === undefined) {
    throw new SelectiveKdError(
      'INVALID_INPUT',
      `batch ${batchNumber} has no indices; a teacher-output cache places each row by Batch.indices: ` +
        'use a batcher that sets them (segmentationBatches, tokenBatches, noteFrameBatches) or add them to the batches',
    );
  }
  if (indices.length !== size) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `batch ${batchNumber} has ${size} rows but ${indices.length} indices; give one index per row`);
  }
  const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= 2 ** 31);
  if (bad !== undefined) throw new SelectiveKdError('INVALID_INPUT', `batch ${batchNumber} has the index ${bad}; indices are whole numbers ≥ 0`);
  return indices;
}

function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

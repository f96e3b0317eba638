import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { BestWeights } from '../training/best-weights.js';
import {
  applyBestWeights,
  applyCheckpoint,
  optimizerArtifacts,
  studentArtifacts,
  type CheckpointArtifacts,
  unstoredBestWeights,
} from './checkpoint-artifacts.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, checkCheckpointState, type CheckpointState } from './checkpoint-state.js';
import type { SavedCheckpoint } from './read-checkpoint.js';
import type { CheckpointContents } from './write-checkpoint.js';

/*
 * Checkpoints in a browser: the page's IndexedDB instead of a folder, with
 * `checkpoint.dir` as the checkpoint's name. A checkpoint (student weights,
 * optimizer state and training state) is one record, so writing it is one
 * transaction: a page closed mid-write leaves the previous checkpoint whole.
 * The best weights of early stopping are records of their own, written before
 * the checkpoint that names their epoch and pruned after it, as on disk.
 * Works in pages and web workers alike.
 */

/** The database every checkpoint of an origin lives in. */
export const CHECKPOINT_DATABASE = 'selective-kd-checkpoints';
const DATABASE_VERSION = 1;

export interface CheckpointRecord extends CheckpointArtifacts {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  /** Counts the checkpoints written under this name. */
  generation: number;
  state: CheckpointState;
}

interface CheckpointDatabase extends DBSchema {
  /** Keyed by `checkpoint.dir`. */
  checkpoints: { key: string; value: CheckpointRecord };
  /** Keyed by [`checkpoint.dir`, epoch]. */
  'best-weights': { key: [string, number]; value: tf.io.ModelArtifacts };
}

/** The records `readCheckpoint` found, for `restoreCheckpoint` to apply without reading again. */
const readRecords = new WeakMap<SavedCheckpoint, CheckpointRecord>();

/** Throws, naming `what`, where there is no IndexedDB to keep checkpoints in (e.g. Node, or a page with storage blocked). */
export function requireIndexedDb(what: string): void {
  if ((globalThis as { indexedDB?: unknown }).indexedDB === undefined) {
    throw new SelectiveKdError(
      'UNSUPPORTED',
      `${what} needs IndexedDB in a browser build, and this environment has none; ` +
        'train without checkpoints here, or in Node, where they go to a folder',
    );
  }
}

/** How a checkpoint is named in messages and in `onCheckpoint`'s `path`. */
export const checkpointLocation = (dir: string): string => `indexeddb:${CHECKPOINT_DATABASE}/${dir}`;

/** Reads the state of the latest checkpoint named `dir`; fails with code 'CHECKPOINT' when there is none. */
export async function readCheckpoint(dir: string): Promise<SavedCheckpoint> {
  const where = checkpointLocation(dir);
  const record = await withDatabase(`cannot read the checkpoint '${where}'`, (db) => db.get('checkpoints', dir));
  if (!record) {
    throw new SelectiveKdError('CHECKPOINT', `no checkpoint named '${dir}' in this origin's IndexedDB; write one with fit(source, { checkpoint: { dir: '${dir}' } })`);
  }
  if (record.format !== CHECKPOINT_FORMAT || record.version !== CHECKPOINT_VERSION) {
    throw new SelectiveKdError(
      'CHECKPOINT',
      `'${where}' holds ${JSON.stringify(record.format)} version ${record.version}; this library reads ${CHECKPOINT_FORMAT} version ${CHECKPOINT_VERSION}`,
    );
  }
  checkCheckpointState(record.state, where);
  const saved = { folder: where, state: record.state };
  readRecords.set(saved, record);
  return saved;
}

/** Puts the checkpoint `readCheckpoint` returned into `student` and `optimizer`; see `applyCheckpoint`. */
export async function restoreCheckpoint(saved: SavedCheckpoint, student: LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const record = readRecords.get(saved);
  if (!record) throw new SelectiveKdError('CHECKPOINT', `'${saved.folder}' was not read by this build's readCheckpoint`);
  await applyCheckpoint(saved.folder, record, student, optimizer);
}

/** Writes a checkpoint named `dir`, replacing the previous one in the same transaction; returns its location. */
export async function writeCheckpoint(dir: string, { student, optimizer, state }: CheckpointContents): Promise<string> {
  // Before the transaction: one left waiting on anything but its own requests commits early.
  const artifacts = { student: await studentArtifacts(student), optimizer: await optimizerArtifacts(optimizer) };
  return withDatabase(`cannot write a checkpoint to '${checkpointLocation(dir)}'`, async (db) => {
    const transaction = db.transaction('checkpoints', 'readwrite');
    const previous = await transaction.store.get(dir);
    const generation = (previous?.generation ?? 0) + 1;
    const record: CheckpointRecord = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, generation, state, ...artifacts };
    await transaction.store.put(record, dir);
    await transaction.done;
    return checkpointLocation(dir);
  });
}

/** Reads the best weights of epoch `epoch` kept with checkpoint `dir` into `best`, checked against the student. */
export async function loadBestWeights(best: BestWeights, dir: string, epoch: number, student: LayersModel): Promise<void> {
  const where = `${checkpointLocation(dir)} best weights of epoch ${epoch + 1}`;
  const artifacts = await withDatabase(`cannot read '${where}'`, (db) => db.get('best-weights', [dir, epoch]));
  if (!artifacts) {
    throw new SelectiveKdError('CHECKPOINT', `the checkpoint '${checkpointLocation(dir)}' names epoch ${epoch + 1} as the best, but its weights are not there`);
  }
  applyBestWeights(best, artifacts, where, { dir, epoch }, student);
}

/** Writes `best`'s weights beside checkpoint `dir` unless they are there already. */
export async function saveBestWeights(best: BestWeights, dir: string): Promise<void> {
  const unstored = await unstoredBestWeights(best, dir);
  if (!unstored) return;
  const { epoch, artifacts } = unstored;
  await withDatabase(`cannot write the best weights to '${checkpointLocation(dir)}'`, (db) => db.put('best-weights', artifacts, [dir, epoch]));
  best.stored = { dir, epoch };
}

/** Removes every best-weights record of `dir` but `best`'s; call after the checkpoint naming it is committed. */
export async function pruneBestWeights(best: BestWeights, dir: string): Promise<void> {
  await withDatabase(`cannot prune the best weights of '${checkpointLocation(dir)}'`, async (db) => {
    const transaction = db.transaction('best-weights', 'readwrite');
    // An origin keeps a handful of these (one per checkpoint name), so reading all keys costs nothing.
    const stale = (await transaction.store.getAllKeys()).filter(([name, epoch]) => name === dir && epoch !== best.epoch);
    await Promise.all(stale.map((key) => transaction.store.delete(key)));
    await transaction.done;
  });
}

/**
 * Runs `use` on the checkpoint database, closing the connection afterwards
 * (an open one would block a later schema upgrade in another tab); IndexedDB's
 * errors (a full quota, storage blocked) become `CHECKPOINT` errors that say what failed.
 */
async function withDatabase<T>(failure: string, use: (db: IDBPDatabase<CheckpointDatabase>) => Promise<T>): Promise<T> {
  requireIndexedDb('a checkpoint');
  let db: IDBPDatabase<CheckpointDatabase> | undefined;
  try {
    db = await openDB<CheckpointDatabase>(CHECKPOINT_DATABASE, DATABASE_VERSION, {
      upgrade(database) {
        database.createObjectStore('checkpoints');
        database.createObjectStore('best-weights');
      },
    });
    return await use(db);
  } catch (error) {
    if (error instanceof SelectiveKdError) throw error;
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SelectiveKdError('CHECKPOINT', `${failure}: ${why}`);
  } finally {
    db?.close();
  }
}

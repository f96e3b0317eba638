import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SelectiveKdError } from '../selective-kd-error.js';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  checkCheckpointState,
  POINTER_FILE,
  STATE_FILE,
  type CheckpointPointer,
  type CheckpointState,
} from './checkpoint-state.js';
import { errorCode } from './file-system.js';

/** The latest complete checkpoint in a folder: its subfolder (weights) and its state. */
export interface SavedCheckpoint {
  folder: string;
  state: CheckpointState;
}

/** Reads the state of the latest checkpoint in `dir`; fails with code 'CHECKPOINT' when there is none. */
export async function readCheckpoint(dir: string): Promise<SavedCheckpoint> {
  const pointer = await readPointer(dir);
  if (!pointer) {
    throw new SelectiveKdError(
      'CHECKPOINT',
      `no checkpoint in '${dir}': ${POINTER_FILE} does not exist; write one with fit(source, { checkpoint: { dir } })`,
    );
  }
  const folder = join(dir, pointer.latest);
  const path = join(folder, STATE_FILE);
  const state = await readJson(path, 'the checkpoint is incomplete');
  checkCheckpointState(state, path);
  return { folder, state };
}

/** The folder's `checkpoint.json`, or undefined if it has none. */
export async function readPointer(dir: string): Promise<CheckpointPointer | undefined> {
  const pointer = (await readJson(join(dir, POINTER_FILE), undefined)) as Partial<CheckpointPointer> | undefined;
  if (pointer === undefined) return undefined;
  if (typeof pointer !== 'object' || pointer === null || pointer.format !== CHECKPOINT_FORMAT || typeof pointer.latest !== 'string' || !Number.isInteger(pointer.generation)) {
    throw new SelectiveKdError('CHECKPOINT', `'${join(dir, POINTER_FILE)}' is not a selective-kd checkpoint pointer`);
  }
  // `latest` is joined onto the folder: a name like '../x' would read (and later delete around) another folder.
  if (!/^checkpoint-\d+$/.test(pointer.latest)) {
    throw new SelectiveKdError('CHECKPOINT', `'${join(dir, POINTER_FILE)}' names ${JSON.stringify(pointer.latest)} as the latest checkpoint, not a checkpoint-<n> folder`);
  }
  if (pointer.version !== CHECKPOINT_VERSION) {
    throw new SelectiveKdError(
      'CHECKPOINT',
      `'${join(dir, POINTER_FILE)}' has checkpoint version ${pointer.version}; this library reads version ${CHECKPOINT_VERSION}`,
    );
  }
  return pointer as CheckpointPointer;
}

/** Parses a JSON file; a missing file gives undefined, or an error saying `ifMissing` when that is set. */
async function readJson(path: string, ifMissing: string | undefined): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
      if (ifMissing === undefined) return undefined;
      throw new SelectiveKdError('CHECKPOINT', `'${path}' does not exist: ${ifMissing}`);
    }
    throw new SelectiveKdError('CHECKPOINT', `cannot read '${path}': ${error}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SelectiveKdError('CHECKPOINT', `'${path}' is not valid JSON: ${(error as Error).message}`);
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SelectiveKdError } from '../selective-kd-error.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * A `tf.io.IOHandler` that saves and loads models on the local disk in the
 * standard TensorFlow.js format (`model.json` and its weight file), without
 * tfjs-node: `model.save(fileSystem('out/student'))`,
 * `tfl.loadLayersModel(fileSystem('out/student/model.json'))`.
 *
 * `path` is the model's folder (the file is `model.json` in it) or, ending
 * in `.json`, the model file itself. Keep one model per folder.
 *
 * A save never leaves a broken model, even if the process dies half-way: the
 * weights go to a new file named after their content hash, then `model.json`
 * is replaced atomically to point at it, and only then is the previous
 * weight file removed. A reader sees the old model or the new one.
 */
export function fileSystem(path: string): FileSystemHandler {
  if (typeof path !== 'string' || path.length === 0) {
    throw new SelectiveKdError('INVALID_OPTION', `fileSystem needs a folder or model.json path; got ${JSON.stringify(path)}`);
  }
  const modelJson = path.endsWith('.json') ? path : join(path, 'model.json');
  return {
    save: (artifacts) => saveModel(modelJson, artifacts),
    load: () => loadModel(modelJson),
  };
}

/** A `tf.io.IOHandler` that surely has both `save` and `load`. */
export type FileSystemHandler = Required<Pick<tf.io.IOHandler, 'save' | 'load'>>;

async function saveModel(modelJson: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new SelectiveKdError('INVALID_MODEL', 'fileSystem saves JSON model topologies only; got a binary (ArrayBuffer) topology');
  }
  const folder = dirname(modelJson);
  const previous = await weightFilesOf(modelJson);
  const weights = new Uint8Array(artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0));
  // Named after the content, so the weights of the model.json on disk are never overwritten.
  const weightFile = `${basename(modelJson, '.json')}.weights.${createHash('sha256').update(weights).digest('hex').slice(0, 16)}.bin`;
  const manifest: tf.io.WeightsManifestConfig = [{ paths: [weightFile], weights: artifacts.weightSpecs ?? [] }];
  try {
    await mkdir(folder, { recursive: true });
    await writeFileAtomic(join(folder, weightFile), weights);
    await writeFileAtomic(modelJson, JSON.stringify(modelJsonFor(artifacts, manifest)));
  } catch (error) {
    throw new SelectiveKdError('INVALID_OPTION', `cannot save the model to '${modelJson}': ${describeWriteError(folder, error)}`);
  }
  const stale = previous.filter((file) => file !== weightFile);
  await Promise.all(stale.map((file) => rm(join(folder, file), { force: true })));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

/** The fields tfjs writes to model.json, as its own (unexported) `getModelJSONForModelArtifacts` does. */
function modelJsonFor(artifacts: tf.io.ModelArtifacts, weightsManifest: tf.io.WeightsManifestConfig): tf.io.ModelJSON {
  const { modelTopology, format, generatedBy, convertedBy, trainingConfig, signature, userDefinedMetadata } = artifacts;
  const { modelInitializer, initializerSignature } = artifacts;
  const optional = { trainingConfig, signature, userDefinedMetadata, modelInitializer, initializerSignature };
  return {
    modelTopology: modelTopology as object,
    format,
    generatedBy,
    convertedBy,
    weightsManifest,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value != null)),
  };
}

/** The weight files in the folder that the current model.json uses, so a new save can remove them after it. */
async function weightFilesOf(modelJson: string): Promise<string[]> {
  let manifest: tf.io.WeightsManifestConfig;
  try {
    manifest = (JSON.parse(await readFile(modelJson, 'utf8')) as tf.io.ModelJSON).weightsManifest ?? [];
  } catch {
    return []; // no model there yet, or not one of ours: nothing to clean up
  }
  // Only plain names: a path into another folder is not this model's to remove.
  return manifest.flatMap((group) => group.paths).filter((path) => basename(path) === path);
}

async function loadModel(modelJson: string): Promise<tf.io.ModelArtifacts> {
  const json = await readModelJson(modelJson);
  return tf.io.getModelArtifactsForJSON(json, (manifest) => readWeightFiles(modelJson, manifest));
}

/** Parses a model.json, with errors that name the file. */
export async function readModelJson(modelJson: string): Promise<tf.io.ModelJSON> {
  let text: string;
  try {
    text = await readFile(modelJson, 'utf8');
  } catch (error) {
    throw new SelectiveKdError(
      'INVALID_MODEL',
      errorCode(error) === 'ENOENT' ? `no model at '${modelJson}': the file does not exist` : `cannot read '${modelJson}': ${error}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SelectiveKdError('INVALID_MODEL', `'${modelJson}' is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || !('modelTopology' in json)) {
    throw new SelectiveKdError('INVALID_MODEL', `'${modelJson}' is not a TensorFlow.js model.json: it has no modelTopology`);
  }
  checkWeightsManifest((json as { weightsManifest?: unknown }).weightsManifest, modelJson);
  return json as tf.io.ModelJSON;
}

/** tfjs reads the manifest on trust (a string or a dtype it does not know ends in a TypeError); check it first. */
function checkWeightsManifest(manifest: unknown, modelJson: string): void {
  if (manifest === undefined) return;
  const bad = (why: string) => new SelectiveKdError('INVALID_MODEL', `'${modelJson}': its weightsManifest ${why}`);
  if (!Array.isArray(manifest)) throw bad('is not a list of weight groups');
  manifest.forEach((group: { paths?: unknown; weights?: unknown } | null, g) => {
    if (!Array.isArray(group?.paths) || !group.paths.every((p) => typeof p === 'string' && p !== '')) throw bad(`group ${g} has no list of file paths`);
    if (!Array.isArray(group.weights)) throw bad(`group ${g} has no list of weights`);
    group.weights.forEach((w: { name?: unknown; shape?: unknown; dtype?: unknown } | null, i) => {
      if (typeof w?.name !== 'string') throw bad(`group ${g} weight ${i} has no name`);
      if (!Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`weight '${w.name}' has shape ${JSON.stringify(w.shape)}`);
      if (typeof w.dtype !== 'string' || !(w.dtype in BYTES_PER_VALUE || w.dtype === 'string')) throw bad(`weight '${w.name}' has dtype ${JSON.stringify(w.dtype)}`);
    });
  });
}

async function readWeightFiles(
  modelJson: string,
  manifest: tf.io.WeightsManifestConfig,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer[]]> {
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest) {
    const files = group.paths.map((path) => join(dirname(modelJson), path));
    const needed = byteLength(group.weights);
    const expected = needed === undefined ? '' : ` (the weights it lists need ${needed} bytes${files.length > 1 ? ` across ${files.length} files` : ''})`;
    let read = 0;
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        const why = errorCode(error) === 'ENOENT' ? 'is missing' : `cannot be read (${errorCode(error) ?? error})`;
        throw new SelectiveKdError('INVALID_MODEL', `weight file '${file}' named in '${modelJson}' ${why}${expected}`);
      }
      read += bytes.byteLength;
      // A small Buffer may be a view into a shared pool; copy out exactly its bytes.
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    if (needed !== undefined && read !== needed) {
      throw new SelectiveKdError(
        'INVALID_MODEL',
        `weight file${files.length > 1 ? 's' : ''} '${files.join("', '")}' of '${modelJson}' hold${files.length > 1 ? '' : 's'} ` +
          `${read} bytes; expected ${needed} for ${group.weights.map((w) => `${w.name} [${w.shape}]`).join(', ')}`,
      );
    }
  }
  return [tf.io.getWeightSpecs(manifest), buffers];
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Bytes a group of weights takes on disk; undefined when it holds strings, whose length is not in the manifest. */
function byteLength(weights: tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const weight of weights) {
    const stored = weight.quantization?.dtype ?? weight.dtype;
    if (!(stored in BYTES_PER_VALUE)) return undefined;
    total += BYTES_PER_VALUE[stored] * weight.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/** A write failure in words, with the one most people hit (no permission) said plainly. */
export function describeWriteError(folder: string, error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `the folder '${folder}' is not writable (${code})`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `'${folder}' or one of its parents is a file, not a folder (${code})`;
  return error instanceof Error ? error.message : String(error);
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

import type * as tf from '@tensorflow/tfjs-core';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { Batch } from './batch.js';

const FORM = '{ inputs, labels, valid? } of tensors';

/**
 * Refuses, in plain JS, a batch that is not `{ inputs, labels, valid?, teacherInputs? }` of
 * live tensors, or that holds no samples, before any model runs on it. A
 * tfjs-style `{ xs, ys }` batch (what `fitDataset` takes) is refused with the
 * form expected rather than renamed: `valid` has no tfjs counterpart, and a
 * source written for this library should say what it means.
 */
export function checkBatch(batch: unknown): asserts batch is Batch {
  if (typeof batch !== 'object' || batch === null || Array.isArray(batch)) {
    throw invalid(`a batch must be ${FORM}; got ${describe(batch)}`);
  }
  const fields = batch as Record<string, unknown>;
  if (fields.inputs === undefined && fields.labels === undefined) {
    const keys = Object.keys(fields);
    const tfjs = 'xs' in fields ? ' (rename xs to inputs and ys to labels)' : '';
    throw invalid(`a batch must be ${FORM}; got an object with ${keys.length ? keys.join(', ') : 'no fields'}${tfjs}`);
  }
  const inputs = fields.inputs;
  if (inputs === undefined) throw invalid(`batch.inputs is missing; a batch is ${FORM}`);
  if (!isModelInputs(inputs)) {
    throw invalid(`batch.inputs must be a tf.Tensor or an array of them; got ${describe(inputs)}`);
  }
  const teacherInputs = fields.teacherInputs;
  if (teacherInputs !== undefined && !isModelInputs(teacherInputs)) {
    throw invalid(`batch.teacherInputs must be a tf.Tensor or an array of them, or left out; got ${describe(teacherInputs)}`);
  }
  if (fields.labels === undefined) throw invalid(`batch.labels is missing; a batch is ${FORM}`);
  if (!isTensor(fields.labels)) throw invalid(`batch.labels must be a tf.Tensor; got ${describe(fields.labels)}`);
  if (fields.valid !== undefined && !isTensor(fields.valid)) {
    throw invalid(`batch.valid must be a tf.Tensor or left out; got ${describe(fields.valid)}`);
  }
  const tensors: [string, tf.Tensor][] = [
    ...named('inputs', inputs),
    ['labels', fields.labels],
    ...(fields.valid === undefined ? [] : [['valid', fields.valid] as [string, tf.Tensor]]),
    ...(teacherInputs === undefined ? [] : named('teacherInputs', teacherInputs)),
  ];
  for (const [name, tensor] of tensors) {
    if (tensor.isDisposed) throw invalid(`batch.${name} has been disposed (a source that reuses tensors needs disposeBatches: false)`);
  }
  const empty = tensors.find(([, tensor]) => tensor.rank > 0 && tensor.shape[0] === 0);
  if (empty) {
    const shapes = tensors.map(([name, tensor]) => `${name} [${tensor.shape}]`).join(', ');
    throw new SelectiveKdError('EMPTY_BATCH', `the batch is empty: ${shapes}`);
  }
  if (teacherInputs !== undefined) {
    // The teacher's logits row b must belong to the student's row b; only the first dimension can be checked here.
    const rows = named('inputs', inputs)[0][1].shape[0];
    const other = named('teacherInputs', teacherInputs).find(([, t]) => t.rank === 0 || t.shape[0] !== rows);
    if (other) {
      throw new SelectiveKdError(
        'SHAPE_MISMATCH',
        `batch.${other[0]} [${other[1].shape}] must have the batch size of batch.inputs (${rows} rows): ` +
          'the teacher reads its own inputs for the same examples',
      );
    }
  }
}

function isModelInputs(value: unknown): value is tf.Tensor | tf.Tensor[] {
  return isTensor(value) || (Array.isArray(value) && value.length > 0 && value.every(isTensor));
}

/** Each tensor of model inputs with its name in messages: `inputs`, or `inputs[0]`, `inputs[1]`, …. */
function named(field: string, inputs: tf.Tensor | tf.Tensor[]): [string, tf.Tensor][] {
  return Array.isArray(inputs) ? inputs.map((t, i): [string, tf.Tensor] => [`${field}[${i}]`, t]) : [[field, inputs]];
}

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === 'object' && value !== null && 'shape' in value && 'dataId' in value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

function invalid(message: string): SelectiveKdError {
  return new SelectiveKdError('INVALID_BATCH', message);
}

import { SelectiveKdError } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkTokenIds, MAX_TOKEN_ID } from './check-token-ids.js';

/** One tokenised sequence: model inputs per token and, for training, one class id per token. */
export interface TokenSequence {
  /** `featuresPerToken` ids per token, token after token (a word id, or a word id then e.g. a suffix id). */
  inputs: readonly number[];
  /** One class id per token; absent when tagging new text. */
  labels?: readonly number[];
}

export interface PadOptions {
  /** Tokens per row; shorter sequences are padded, longer ones refused (split them with `splitIntoWindows`). */
  length: number;
  /** Ids per token in `inputs`. Default 1. */
  featuresPerToken?: number;
  /** Input id of padding. Default 0 (`Vocabulary.PAD_ID`). */
  padId?: number;
}

/** A padded batch: `inputs` int32 `[B,T]` (or `[B,T,F]`), `labels` int32 `[B,T]`, `valid` float32 `[B,T]` (1 = real token). */
export interface PaddedTokenBatch {
  inputs: tf.Tensor;
  labels: tf.Tensor;
  valid: tf.Tensor;
}

/**
 * Pads sequences to `length` tokens. Padding gets the input id `padId`, label
 * 0 and validity 0, so it never counts in a loss or a metric.
 */
export function padTokenBatch(sequences: readonly TokenSequence[], { length, featuresPerToken = 1, padId = 0 }: PadOptions): PaddedTokenBatch {
  if (!Number.isInteger(length) || length < 1) throw new SelectiveKdError('INVALID_OPTION', `length must be a whole number ≥ 1; got ${length}`);
  if (!Number.isInteger(featuresPerToken) || featuresPerToken < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `featuresPerToken must be a whole number ≥ 1; got ${featuresPerToken}`);
  }
  if (!Number.isInteger(padId) || padId < 0 || padId > MAX_TOKEN_ID) throw new SelectiveKdError('INVALID_OPTION', `padId must be a whole number ≥ 0; got ${padId}`);
  if (sequences.length === 0) throw new SelectiveKdError('EMPTY_BATCH', 'padTokenBatch got no sequences');
  const rows = sequences.length;
  const inputs = new Int32Array(rows * length * featuresPerToken).fill(padId);
  const labels = new Int32Array(rows * length);
  const valid = new Float32Array(rows * length);
  sequences.forEach((sequence, row) => {
    const tokens = checkedLength(sequence, row, length, featuresPerToken);
    inputs.set(sequence.inputs, row * length * featuresPerToken);
    if (sequence.labels) labels.set(sequence.labels, row * length);
    valid.fill(1, row * length, row * length + tokens);
  });
  return {
    inputs: tf.tensor(inputs, featuresPerToken === 1 ? [rows, length] : [rows, length, featuresPerToken], 'int32'),
    labels: tf.tensor2d(labels, [rows, length], 'int32'),
    valid: tf.tensor2d(valid, [rows, length], 'float32'),
  };
}

/** The sequence's token count, after checking its inputs and labels agree and fit. */
function checkedLength(sequence: TokenSequence, row: number, length: number, features: number): number {
  checkTokenIds(sequence, row);
  const { inputs, labels } = sequence;
  if (inputs.length % features !== 0) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `sequence ${row} has ${inputs.length} input ids, not a multiple of ${features} per token`);
  }
  const tokens = inputs.length / features;
  if (tokens === 0) throw new SelectiveKdError('EMPTY_INPUT', `sequence ${row} has no tokens`);
  if (labels && labels.length !== tokens) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `sequence ${row} has ${tokens} tokens of inputs but ${labels.length} labels; give one label per token`,
    );
  }
  if (tokens > length) {
    throw new SelectiveKdError(
      'SHAPE_MISMATCH',
      `sequence ${row} has ${tokens} tokens, more than the padded length ${length}; split it with splitIntoWindows instead of cutting it`,
    );
  }
  return tokens;
}


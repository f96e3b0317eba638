import {
  dropIgnoredLabels,
  SelectiveKdError,
  softmaxCrossEntropy,
  softmaxKlDivergence,
  type DistillationInputs,
  type ModalityPlugin,
} from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TagSet } from './tag-set.js';
import type { TextToken } from './tokenize.js';
import { tokenMetrics } from './token-metrics.js';

export interface TextModalityOptions {
  /** Label of tokens that count for nothing, besides those `valid` marks as padding. Default -1. */
  ignoreLabel?: number;
  /** Names the per-tag metrics and turns on span F1 for a BIO tag set. */
  tagSet?: TagSet;
}

/**
 * The tokens of each batch row, each with its character span in the original
 * text, so the exported mask lines up with the words. A row that is a window
 * of a longer text holds that window's tokens, spans still in the whole text.
 */
export type TokenMaskContext = readonly (readonly TextToken[])[] | undefined;

/** One token's entry in the exported contrast mask. */
export interface TokenMaskEntry {
  /** Position in the batch row. */
  position: number;
  /** Whether the gate followed the teacher at this token. */
  teacherBetter: boolean;
  /** The word and its character span, when the export was given the row's tokens. */
  token?: TextToken;
}

/**
 * Token fields as processing units, for sequence tagging: logits `[B,T,C]`,
 * int32 labels `[B,T]`, `valid` `[B,T]` (1 = real token, 0 = padding); tokens
 * labelled `ignoreLabel` are invalid too. Per-token loss: softmax
 * cross-entropy; per-token divergence: KL at temperature τ. The contrast mask
 * exports as one entry per token, aligned to the original words.
 */
export function textModality(options: TextModalityOptions = {}): ModalityPlugin<TokenMaskEntry[], TokenMaskContext> {
  const { ignoreLabel = -1, tagSet } = options;
  if (!Number.isInteger(ignoreLabel)) {
    throw new SelectiveKdError('INVALID_OPTION', `ignoreLabel must be an integer; got ${ignoreLabel}`);
  }

  return {
    meta: { name: 'text', version: '0.1.0' },
    unit: { name: 'token', axes: ['token'], target: 'class-index' },
    toUnits: (inputs) =>
      tf.tidy(() => {
        checkLayout(inputs);
        return { student: inputs.student, teacher: inputs.teacher, ...dropIgnoredLabels(inputs.labels, ignoreLabel, inputs.valid) };
      }),
    unitLoss: softmaxCrossEntropy,
    unitDivergence: softmaxKlDivergence,
    maskLayout: {
      description: 'one entry per token, aligned to the words and character spans of the original text',
      export: (mask, sample, context) => {
        const values = tf.tidy(() => tf.gather(mask, sample).dataSync());
        const tokens = context?.[sample];
        if (tokens && tokens.length > values.length) {
          throw new SelectiveKdError(
            'SHAPE_MISMATCH',
            `row ${sample} has ${tokens.length} tokens but the mask only ${values.length} positions; pass the tokens of each batch row (windows, not whole texts)`,
          );
        }
        const count = tokens?.length ?? values.length;
        return Array.from({ length: count }, (_, position) => ({
          position,
          teacherBetter: values[position] > 0.5,
          ...(tokens ? { token: tokens[position] } : {}),
        }));
      },
    },
    createMetrics: () => tokenMetrics(tagSet),
  };
}

function checkLayout({ student, teacher, labels, valid }: DistillationInputs): void {
  const given = `(student [${student.shape}], teacher [${teacher.shape}], labels [${labels.shape}]${valid ? `, valid [${valid.shape}]` : ''})`;
  if (student.rank !== 3 || teacher.rank !== 3) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `token logits must be [batch, tokens, classes] ${given}`);
  }
  if (labels.rank !== 2 || labels.shape[0] !== student.shape[0] || labels.shape[1] !== student.shape[1]) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `token labels must be [batch, tokens], one label per token of the logits ${given}`);
  }
  if (valid && !tf.util.arraysEqual(valid.shape, labels.shape)) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `valid must have the labels' shape ${given}`);
  }
}

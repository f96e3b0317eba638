/** What went wrong, as a stable code callers can branch on. */
export type SelectiveKdErrorCode =
  | 'SHAPE_MISMATCH'
  | 'LABEL_OUT_OF_RANGE'
  | 'INVALID_VALIDITY'
  | 'NON_FINITE_LOGITS'
  | 'EMPTY_BATCH'
  // A batch given to fit or evaluate that is not `{ inputs, labels, valid? }` of tensors, or that a model cannot run on.
  | 'INVALID_BATCH'
  | 'INVALID_OPTION'
  | 'INVALID_MODEL'
  | 'EMPTY_DATASET'
  | 'UNKNOWN_MODALITY'
  | 'DUPLICATE_MODALITY'
  | 'BACKEND_UNAVAILABLE'
  | 'CHECKPOINT'
  // A distiller used after its dispose().
  | 'DISPOSED'
  // A feature the running build lacks: file-system IO in core's browser build.
  | 'UNSUPPORTED'
  // Input files and texts that plugins read.
  | 'INVALID_INPUT'
  | 'UNSUPPORTED_FORMAT'
  | 'EMPTY_INPUT'
  | 'VOCABULARY_MISMATCH';

/**
 * The one error type the library throws for bad input. The message names what
 * is wrong and the shapes or values involved; `code` is for programs.
 */
export class SelectiveKdError extends Error {
  override readonly name = 'SelectiveKdError';

  constructor(
    readonly code: SelectiveKdErrorCode,
    message: string,
  ) {
    super(message);
  }
}

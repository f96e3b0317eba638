/**
 * Bad input to a plotting function: the message names the field and the value.
 * Its own class because this package does not depend on `@selective-kd/core`
 * (and TensorFlow.js with it) just for `SelectiveKdError`; `code` matches that
 * error's 'INVALID_INPUT' so callers can branch the same way.
 */
export class PlotInputError extends Error {
  override readonly name = 'PlotInputError';
  readonly code = 'INVALID_INPUT';
}

/** What went wrong; the codes are the ones `@selective-kd/core`'s SelectiveKdError uses for the same failures. */
export type TrainingKernelErrorCode = 'INVALID_OPTION' | 'BACKEND_UNAVAILABLE';

/**
 * The error this package throws: a backend it has no kernels for, a backend
 * kernel it needs that is not registered, or a call none of its kernels can
 * compute. The message names the kernel, backend and attribute; `code` is for programs.
 */
export class TrainingKernelError extends Error {
  override readonly name = 'TrainingKernelError';

  constructor(
    readonly code: TrainingKernelErrorCode,
    message: string,
  ) {
    super(message);
  }
}

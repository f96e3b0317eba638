import type { ProgressStream } from '@selective-kd/core';

/** Where the CLI writes: results to `stdout`, progress and messages to `stderr`. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

import { SelectiveKdError } from '@selective-kd/core';

/**
 * A bad command line or config: the CLI exits with code 2 for it (1 for
 * failures while running), so scripts can tell "fix your call" from "it broke".
 */
export class UsageError extends SelectiveKdError {
  constructor(message: string) {
    super('INVALID_OPTION', message);
  }
}

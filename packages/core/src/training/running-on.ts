import { SelectiveKdError } from '../selective-kd-error.js';
import type { ModelInputs } from './teacher.js';

/**
 * Runs a model on a batch's inputs. What a model throws there (tfjs's own
 * shape errors, mostly) becomes an `INVALID_BATCH` error naming the model and
 * the inputs' shapes; the library's own errors pass through.
 */
export function runningOn<T>(inputs: ModelInputs, model: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SelectiveKdError) throw error;
    const shapes = (Array.isArray(inputs) ? inputs : [inputs]).map((t) => `[${t.shape}]`).join(', ');
    const reason = error instanceof Error ? error.message : String(error);
    throw new SelectiveKdError('INVALID_BATCH', `${model} could not run on the batch's inputs ${shapes}: ${reason}`);
  }
}

import {
  loadBestWeights,
  pruneBestWeights,
  readCheckpoint,
  requireIndexedDb,
  restoreCheckpoint,
  saveBestWeights,
  writeCheckpoint,
} from '../persistence/indexed-db-checkpoints.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { FileAccess } from './file-access.js';

/** A file the browser build cannot write: the error names the option and what to do instead. */
function refuse(what: string): never {
  throw new SelectiveKdError(
    'UNSUPPORTED',
    `${what} needs a file system, which core's browser build does not have; ` +
      'in a browser, follow training with fit callbacks',
  );
}

/**
 * What `#file-access` resolves to in a browser bundle: checkpoints live in
 * the origin's IndexedDB; the metrics log and the teacher-output cache on
 * disk have no browser form.
 */
export const fileAccess: FileAccess = {
  require: requireIndexedDb,
  readCheckpoint,
  restoreCheckpoint,
  writeCheckpoint,
  loadBestWeights,
  saveBestWeights,
  pruneBestWeights,
  metricsLog: () => refuse('fit({ metricsLog })'),
  teacherOutputCacheDisk: () => refuse('TeacherOutputCache.compute with options.dir'),
};

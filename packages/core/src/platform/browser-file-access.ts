import { SelectiveKdError } from '../selective-kd-error.js';
import type { FileAccess } from './file-access.js';

/**
 * What `#file-access` resolves to in a browser bundle: there is no file system,
 * so every use names the option that needs one and what to do instead.
 */
function refuse(what: string): never {
  throw new SelectiveKdError(
    'UNSUPPORTED',
    `${what} needs a file system, which core's browser build does not have; ` +
      'in a browser, follow training with fit callbacks and save models with model.save("indexeddb://…") or ("downloads://…")',
  );
}

export const fileAccess: FileAccess = {
  require: refuse,
  readCheckpoint: () => refuse('fit({ resumeFrom })'),
  restoreCheckpoint: () => refuse('fit({ resumeFrom })'),
  writeCheckpoint: () => refuse('fit({ checkpoint })'),
  loadBestWeights: () => refuse('fit({ resumeFrom })'),
  saveBestWeights: () => refuse('fit({ checkpoint })'),
  pruneBestWeights: () => refuse('fit({ checkpoint })'),
  metricsLog: () => refuse('fit({ metricsLog })'),
  teacherOutputCacheDisk: () => refuse('TeacherOutputCache.compute with options.dir'),
};

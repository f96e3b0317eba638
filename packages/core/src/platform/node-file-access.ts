import { loadBestWeights, pruneBestWeights, saveBestWeights } from '../persistence/best-weights-folder.js';
import { readCheckpoint } from '../persistence/read-checkpoint.js';
import { restoreCheckpoint } from '../persistence/restore-checkpoint.js';
import { writeCheckpoint } from '../persistence/write-checkpoint.js';
import { MetricsLog } from '../training/metrics-log.js';
import { TeacherOutputCacheDisk } from '../training/teacher-output-cache-disk.js';
import type { FileAccess } from './file-access.js';

/** Training's file IO in Node: what `#file-access` resolves to outside a browser bundle. */
export const fileAccess: FileAccess = {
  require: () => {},
  readCheckpoint,
  restoreCheckpoint,
  writeCheckpoint,
  loadBestWeights,
  saveBestWeights,
  pruneBestWeights,
  metricsLog: (path) => new MetricsLog(path),
  teacherOutputCacheDisk: (dir) => new TeacherOutputCacheDisk(dir),
};

// The Node-only part of core: file-system model IO, checkpoints on disk, the
// metrics log file, the teacher worker thread. `@selective-kd/core/node`; the
// main entry in Node includes it, a browser bundle of the main entry does not.
export { MetricsLog } from './training/metrics-log.js';
export { TeacherWorker, type TeacherWorkerOptions } from './training/teacher-worker.js';
export { fileSystem, type FileSystemHandler } from './persistence/file-system.js';
export { loadTeacher, type ModelFormat } from './persistence/load-teacher.js';
export { readCheckpoint, type SavedCheckpoint } from './persistence/read-checkpoint.js';
export { registerFileSystemRouter } from './persistence/register-file-system-router.js';

// The entry of a student worker process, which runStudentJobs forks.
import { serveWorkerJobs } from './serve-worker-jobs.js';
import { startStudentWorker } from './start-student-worker.js';

serveWorkerJobs(startStudentWorker);

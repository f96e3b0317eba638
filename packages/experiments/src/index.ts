export { COMPARED_GATES, type ProtocolConfig } from './protocol-config.js';
export type { ExperimentPaths } from './experiment-paths.js';
export { trainStudents, type StudentRun, type TrainStudentsOptions } from './train-students.js';
export { jobName, studentJobs, type StudentJob } from './student-job.js';
export type {
  StudentContext,
  StudentContextFactory,
  StudentContextModule,
  StudentContextOptions,
  StudentTeacherOutputs,
} from './student-context.js';
export { cacheTeacherOutputs, type CacheTeacherOutputsOptions } from './cache-teacher-outputs.js';
export { runStudent, type StudentResult } from './run-student.js';
export { runStudentJobs, type StudentJobsOptions, type StudentJobsOutcome } from './run-student-jobs.js';
export { StudentRunsFailedError, type FailedStudentRun } from './student-runs-failed-error.js';
export { StudentRunStore } from './student-run-store.js';
export { runKey, STUDENT_RUN_PROTOCOL } from './run-key.js';
export { modelFingerprint } from './model-fingerprint.js';
export { dataFingerprint } from './data-fingerprint.js';
export { runInWorkers, type WorkerPoolOptions, type WorkerRecord } from './worker-pool.js';
export { serveWorkerJobs, type WorkerStart } from './serve-worker-jobs.js';
export { evaluateTeacher, type EvaluateTeacherOptions } from './evaluate-teacher.js';
export { mean, stat, type Stat } from './stat.js';
export { summarize, type GateSummary } from './summarize.js';
export type { ModalityReport, ReportColumn } from './modality-report.js';
export { resultsTable } from './results-table.js';
export { verdict } from './verdict.js';
export { headline, type Headline } from './headline.js';
export { studentLine, teacherLine } from './progress-line.js';
export { workerCount } from './worker-count.js';
export { parseCli, runCli, type CliOptions, type CliOutcome, type CliRequest, type RunCliOptions } from './run-cli.js';
export { backendDescription, machineDescription } from './machine-description.js';
export { rerunCommand } from './rerun-command.js';
export { writeResults, type ResultsFiles } from './write-results.js';
export { reportRuns, type RunsReport } from './report-runs.js';
export type { ExperimentOutcome, RunOptions } from './experiment-outcome.js';
export { startBackend } from './start-backend.js';

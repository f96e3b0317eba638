export { COMPARED_GATES, type GateSettings, type ProtocolConfig } from './protocol-config.js';
export { checkProtocolConfig } from './check-protocol-config.js';
export type { ExperimentPaths } from './experiment-paths.js';
export type { StudentRun } from './student-run.js';
export { jobName, settingsText, type StudentJob } from './student-job.js';
export type {
  StudentContext,
  StudentContextFactory,
  StudentContextModule,
  StudentContextOptions,
  StudentTeacherOutputs,
} from './student-context.js';
export { cacheTeacherOutputs, type CacheTeacherOutputsOptions } from './cache-teacher-outputs.js';
export { runStudent, type StudentResult } from './run-student.js';
export { runProtocol, type ProtocolOptions, type ProtocolOutcome } from './run-protocol.js';
export { candidatesOf, chooseSettings, isTuned, type ChosenSettings } from './choose-settings.js';
export { StudentRunsFailedError, type FailedStudentRun } from './student-runs-failed-error.js';
export { StudentRunStore } from './student-run-store.js';
export { runKey, STUDENT_RUN_PROTOCOL } from './run-key.js';
export { modelFingerprint } from './model-fingerprint.js';
export { dataFingerprint } from './data-fingerprint.js';
export { runInWorkers, type WorkerPoolOptions, type WorkerRecord } from './worker-pool.js';
export { serveWorkerJobs, type WorkerStart } from './serve-worker-jobs.js';
export { evaluateTeacher, type EvaluateTeacherOptions } from './evaluate-teacher.js';
export { trainOnGroundTruth, type TeacherTraining, type TrainedTeacher, type TrainOnGroundTruthOptions } from './train-on-ground-truth.js';
export { mean, stat, type Stat } from './stat.js';
export { paired, type Paired } from './paired.js';
export { tQuantile975 } from './t-quantile.js';
export { deltaOutcome, deltaText, signed } from './delta-text.js';
export { gateName } from './gate-name.js';
export type { ModalityReport, ReportColumn } from './modality-report.js';
export { protocolReport, type GateRow, type ProtocolReport, type RegimeReport, type TeacherScores } from './protocol-report.js';
export { gateRecord, type GateRecord, type GateRecordCell } from './gate-record.js';
export { protocolResults, type ProtocolResults } from './protocol-results.js';
export { studentLine, teacherLine } from './progress-line.js';
export { workerCount } from './worker-count.js';
export { parseCli, runCli, type CliOptions, type CliOutcome, type CliRequest, type RunCliOptions } from './run-cli.js';
export { backendDescription, machineDescription } from './machine-description.js';
export { rerunCommand } from './rerun-command.js';
export { writeResults, type ResultsFiles } from './write-results.js';
export { studentRunMinutes } from './student-run-minutes.js';
export { writeResultFigures, type FigureFiles, type ResultFigures, type ResultFiguresOptions } from './write-result-figures.js';
export { resultFiguresMarkdown } from './result-figures-markdown.js';
export { curveJobs, withHistory } from './curve-runs.js';
export { CurveRunsFailedError } from './curve-runs-failed-error.js';
export type { ExperimentOutcome, RunOptions } from './experiment-outcome.js';
export { startBackend } from './start-backend.js';

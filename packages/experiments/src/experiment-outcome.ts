import type { BackendPreference } from '@selective-kd/core';
import type { RunsReport } from './report-runs.js';
import type { StudentRun } from './train-students.js';

/** The options every example's `runExperiment` takes. */
export interface RunOptions {
  /** Default: the fastest backend that loads here. */
  backend?: BackendPreference;
  /** Progress lines. Default: console.log. */
  log?: (line: string) => void;
  /**
   * Worker processes for the student runs. Default 1: in this process, no
   * fork (the command line defaults to one per core).
   */
  workers?: number;
}

/** What every example's `runExperiment` returns: the report, the runs behind it and where it was written. */
export interface ExperimentOutcome<Metric extends string, Modality extends string> extends RunsReport<Metric, Modality> {
  runs: StudentRun[];
  /** The teacher's test metrics. */
  teacher: Record<string, number>;
  /** The RESULTS.md written. */
  resultsFile: string;
}

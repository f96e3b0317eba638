import type { BackendPreference } from '@selective-kd/core';
import type { ProtocolConfig } from './protocol-config.js';
import type { ProtocolReport } from './protocol-report.js';
import type { ProtocolResults } from './protocol-results.js';

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

/** What every example's `runExperiment` returns: the report, the records behind it and where it was written. */
export interface ExperimentOutcome<Config extends ProtocolConfig = ProtocolConfig, Modality extends string = string> {
  report: ProtocolReport<Modality>;
  /** results-<mode>.json's contents. */
  results: ProtocolResults<Config>;
  /** The RESULTS.md written. */
  resultsFile: string;
}

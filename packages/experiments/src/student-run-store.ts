import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StudentResult } from './run-student.js';
import { jobName, type StudentJob } from './student-job.js';

/** A result file's contents. */
interface StoredRun extends StudentResult {
  key: string;
  job: StudentJob;
}

/**
 * Finished student runs on disk, one JSON file per job (`<dir>/<jobName>.json`),
 * each written atomically as its run finishes and stamped with its run key
 * (`runKey(config, regime, fingerprint)`), so a killed command loses at most
 * the runs in flight and a changed configuration, data or teacher never
 * reuses a stale result.
 */
export class StudentRunStore {
  constructor(readonly dir: string) {}

  fileOf(job: StudentJob): string {
    return join(this.dir, `${jobName(job)}.json`);
  }

  /** The stored result of `job` under `key`; undefined when there is none, it is unreadable or from another configuration. */
  read(job: StudentJob, key: string): StudentResult | undefined {
    let stored: StoredRun;
    try {
      stored = JSON.parse(readFileSync(this.fileOf(job), 'utf8')) as StoredRun;
    } catch {
      // Missing or torn by a crash mid-write elsewhere: the run is simply redone.
      return undefined;
    }
    if (stored.key !== key || !stored.job || jobName(stored.job) !== jobName(job)) return undefined;
    return { run: stored.run, files: stored.files ?? [] };
  }

  /** Writes `result` beside a temporary name, then renames it into place: readers see the old file or the whole new one. */
  write(job: StudentJob, key: string, result: StudentResult): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(job);
    const temporary = `${file}.${process.pid}.tmp`;
    const stored: StoredRun = { key, job, ...result };
    writeFileSync(temporary, `${JSON.stringify(stored, null, 2)}\n`);
    renameSync(temporary, file);
  }
}

import type { ChosenSettings } from './choose-settings.js';
import type { ProtocolConfig } from './protocol-config.js';
import type { TeacherScores } from './protocol-report.js';
import type { StudentRun } from './student-run.js';

/** What results-<mode>.json holds: enough to redo every table from the records. */
export interface ProtocolResults<Config extends ProtocolConfig = ProtocolConfig> {
  config: Config;
  /** The backend line ('wasm (…)') and the machine line (`machineDescription()`). */
  backend: string;
  machine: string;
  /** Wall time of the command, teacher training and student runs included. */
  minutes: number;
  /** The teacher's dev and test metrics on each regime's student splits. */
  teachers: Record<string, TeacherScores>;
  chosen: ChosenSettings;
  runs: StudentRun[];
  tuning: StudentRun[];
}

/** The results file's object, fields in a fixed order. */
export function protocolResults<Config extends ProtocolConfig>(
  results: Omit<ProtocolResults<Config>, 'runs' | 'tuning' | 'chosen'> & { outcome: { runs: StudentRun[]; tuning: StudentRun[]; chosen: ChosenSettings } },
): ProtocolResults<Config> {
  const { config, backend, machine, minutes, teachers, outcome } = results;
  return { config, backend, machine, minutes, teachers, chosen: outcome.chosen, runs: outcome.runs, tuning: outcome.tuning };
}

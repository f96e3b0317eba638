import type { Gate } from '@selective-kd/core';
import type { ProtocolConfig } from './protocol-config.js';

/**
 * One independent student run: what the worker pool schedules and what names
 * its result file. A new axis (a regime, say) is a new field here and in
 * `jobName`; nothing else keys on the fields.
 */
export interface StudentJob {
  gate: Gate;
  seed: number;
}

/** Every gate of every seed, seeds outermost: the order runs are reported in. */
export function studentJobs(config: Pick<ProtocolConfig, 'seeds' | 'gates'>): StudentJob[] {
  return config.seeds.flatMap((seed) => config.gates.map((gate) => ({ gate, seed })));
}

/** The job as a file-name-safe word: `loss-compare-seed0`. */
export function jobName(job: StudentJob): string {
  return `${job.gate}-seed${job.seed}`;
}

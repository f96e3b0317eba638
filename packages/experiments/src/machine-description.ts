import type { BackendChoice } from '@selective-kd/core';
import { cpus, totalmem } from 'node:os';

/** The machine for RESULTS.md's "Machine:" line: cores, CPU model, memory, Node version. */
export function machineDescription(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** The backend for the log and RESULTS.md's "Backend:" line: which one and why. */
export function backendDescription({ backend, reason }: Pick<BackendChoice, 'backend' | 'reason'>): string {
  return `${backend} (${reason})`;
}

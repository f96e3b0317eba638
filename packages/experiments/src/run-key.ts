import { createHash } from 'node:crypto';

/**
 * Bumped whenever what a student run computes changes (the training loop, the
 * averaging of the teacher-better fraction, the result's fields), so results
 * stored by older code are not reused.
 */
export const STUDENT_RUN_PROTOCOL = 2;

/**
 * The hash a stored run must carry to be reused: the configuration without
 * what only says which jobs to run (`seeds`, `gates`, `regimes`, `grid`,
 * `tuningSeeds`: the job names its own seed, gate and settings, so adding a
 * seed or a grid candidate keeps the runs already done), the job's regime, its
 * context's fingerprint and the protocol version.
 */
export function runKey(config: object, regime: string, fingerprint: string): string {
  const { seeds: _seeds, gates: _gates, regimes: _regimes, grid: _grid, tuningSeeds: _tuningSeeds, ...rest } = config as Record<string, unknown>;
  return createHash('sha256')
    .update(canonicalJson({ protocol: STUDENT_RUN_PROTOCOL, config: rest, regime, fingerprint }))
    .digest('hex')
    .slice(0, 16);
}

/** JSON with object keys sorted at every depth, so a key does not depend on property order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

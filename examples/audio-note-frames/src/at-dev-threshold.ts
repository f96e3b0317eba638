import type { StudentRun } from '@selective-kd/experiments';
import { DECISION_THRESHOLDS } from './threshold-sweep-metrics.js';

/**
 * The run with its decision threshold chosen on dev: the threshold of
 * `thresholds` whose dev `f1@<p>` is highest (ties keep the higher
 * threshold, 0.5 first), recorded as `dev.threshold`, and the F1 at that
 * threshold on dev and on test as `f1DevThreshold`. Test only reads the
 * threshold dev chose.
 */
export function atDevThreshold(run: StudentRun, thresholds: readonly number[] = DECISION_THRESHOLDS): StudentRun {
  const order = [...thresholds].sort((a, b) => b - a);
  const chosen = order.reduce((best, p) => ((run.dev[`f1@${p}`] ?? -1) > (run.dev[`f1@${best}`] ?? -1) ? p : best));
  return {
    ...run,
    dev: { ...run.dev, threshold: chosen, f1DevThreshold: run.dev[`f1@${chosen}`] },
    test: { ...run.test, f1DevThreshold: run.test[`f1@${chosen}`] },
  };
}

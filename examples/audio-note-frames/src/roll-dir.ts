import { join } from 'node:path';

/** Where the loss-compare student of the first seed draws a regime's piano rolls, and RESULTS.md finds them. */
export function rollDir(outDir: string, mode: string, regime: string): string {
  return join(outDir, 'piano-rolls', mode, regime);
}

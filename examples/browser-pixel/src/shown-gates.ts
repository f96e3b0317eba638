import type { SelectiveOptions } from '@selective-kd/core';

/** The three students the page trains side by side, one per gate. */
export type ShownGate = 'none' | 'all' | 'loss-compare';
export const SHOWN_GATES: readonly ShownGate[] = ['none', 'all', 'loss-compare'];

/**
 * Each gate's settings: the ones the pixel example's full run chose on dev in
 * its strong regime (examples/pixel-segmentation/src/experiment-config.ts,
 * `QUICK`), so the page trains what RESULTS.md reports on, not new choices.
 */
export const GATE_SETTINGS: Readonly<Record<ShownGate, Partial<SelectiveOptions>>> = {
  none: { gate: 'none' },
  all: { gate: 'all', temperature: 4 },
  'loss-compare': { gate: 'loss-compare', temperature: 2 },
};

/** Words for a person: what each gate does. */
export const GATE_LABELS: Readonly<Record<ShownGate, string>> = {
  none: 'none (ground truth only)',
  all: 'all (vanilla distillation)',
  'loss-compare': 'loss-compare (selective)',
};

export function isShownGate(value: unknown): value is ShownGate {
  return typeof value === 'string' && (SHOWN_GATES as readonly string[]).includes(value);
}

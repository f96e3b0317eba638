import type { Gate } from '@selective-kd/core';

/** A gate as the tables and verdicts name it, with the modality's unit word ('pixels'). */
export function gateName(gate: Gate, units: string): string {
  const names: Record<Gate, string> = {
    none: 'ground truth only',
    all: `vanilla KD (all ${units})`,
    'teacher-correct': `teacher-correct ${units}`,
    'loss-compare': 'selective (loss-compare)',
    soft: 'soft weights',
    rectified: 'rectified teacher',
  };
  return names[gate];
}

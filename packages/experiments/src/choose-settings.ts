import type { Gate } from '@selective-kd/core';
import { mean } from './stat.js';
import type { GateSettings, ProtocolConfig } from './protocol-config.js';
import type { StudentRun } from './student-run.js';

/** The settings each gate trains with, per regime. */
export type ChosenSettings = Record<string, Partial<Record<Gate, GateSettings>>>;

/** A gate's candidates; a gate without a grid entry trains with core's defaults. */
export function candidatesOf(config: Pick<ProtocolConfig, 'grid'>, gate: Gate): readonly GateSettings[] {
  const candidates = config.grid[gate] ?? [];
  return candidates.length > 0 ? candidates : [{}];
}

/** Whether a gate has candidates to choose between on dev. */
export function isTuned(config: Pick<ProtocolConfig, 'grid'>, gate: Gate): boolean {
  return candidatesOf(config, gate).length > 1;
}

/**
 * Per regime and gate, the candidate with the highest mean dev `monitor` over
 * the tuning seeds (ties go to the earlier candidate); an untuned gate's one
 * candidate. A tuned gate with a tuning run missing (it failed) gets no
 * choice, so its final runs are not made with a choice from partial evidence.
 */
export function chooseSettings(
  config: Pick<ProtocolConfig, 'regimes' | 'gates' | 'grid' | 'tuningSeeds' | 'monitor'>,
  tuning: readonly StudentRun[],
): ChosenSettings {
  const chosen: ChosenSettings = {};
  for (const regime of config.regimes) {
    const mine: Partial<Record<Gate, GateSettings>> = {};
    for (const gate of config.gates) {
      const candidates = candidatesOf(config, gate);
      if (candidates.length === 1) {
        mine[gate] = candidates[0];
        continue;
      }
      let best: { settings: GateSettings; score: number } | undefined;
      let complete = true;
      for (const settings of candidates) {
        const scores = config.tuningSeeds.map(
          (seed) => tuning.find((r) => r.regime === regime && r.gate === gate && r.seed === seed && sameSettings(r.settings, settings))?.dev[config.monitor],
        );
        if (scores.some((s) => s === undefined)) complete = false;
        const score = mean(scores.map((s) => s ?? Number.NaN));
        if (!best || score > best.score) best = { settings, score };
      }
      if (complete && best) mine[gate] = best.settings;
    }
    chosen[regime] = mine;
  }
  return chosen;
}

function sameSettings(a: GateSettings, b: GateSettings): boolean {
  return a.temperature === b.temperature && a.lambda === b.lambda && a.margin === b.margin;
}

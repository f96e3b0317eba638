import type { Gate } from '@selective-kd/core';
import type { GateSettings } from './protocol-config.js';

/**
 * One independent student run: what the worker pool schedules and what names
 * its result file. Two jobs with the same fields are the same run, whichever
 * phase (tuning or final) asked for it.
 */
export interface StudentJob {
  regime: string;
  gate: Gate;
  seed: number;
  settings: GateSettings;
}

/** The settings' fields in a fixed order, with their short names for file names and log lines. */
const SETTING_NAMES = [
  ['temperature', 't', 'τ'],
  ['lambda', 'l', 'λ'],
  ['margin', 'm', 'margin '],
] as const;

/**
 * The job as a file-name-safe word: `strong_loss-compare_seed0_t2_l1_m-0.1`
 * (`_` between fields, so a negative margin stays readable). Regime names are
 * checked to be file-name safe by `checkProtocolConfig`.
 */
export function jobName({ regime, gate, seed, settings }: StudentJob): string {
  const parts = SETTING_NAMES.filter(([key]) => settings[key] !== undefined).map(([key, short]) => `${short}${settings[key]}`);
  return [regime, gate, `seed${seed}`, ...parts].join('_');
}

/** The settings for a log line or a table cell: `τ=2 λ=0.5 margin=-0.1`, or `defaults` when none is set. */
export function settingsText(settings: GateSettings): string {
  const parts = SETTING_NAMES.filter(([key]) => settings[key] !== undefined).map(([key, , symbol]) => `${symbol.trim()}=${settings[key]}`);
  return parts.length > 0 ? parts.join(' ') : 'defaults';
}


import { GATES, SelectiveKdError } from '@selective-kd/core';
import type { ProtocolConfig } from './protocol-config.js';

/** Regime names become part of file names: letters, digits and hyphens. */
const REGIME_NAME = /^[A-Za-z0-9-]+$/;

/** Refuses a configuration the protocol cannot run, naming the field; before any run starts. */
export function checkProtocolConfig(config: ProtocolConfig): void {
  const { regimes, gates, seeds, tuningSeeds, grid, maxEpochs, patience, monitor } = config;
  nonEmptyUnique('regimes', regimes);
  for (const regime of regimes) {
    if (!REGIME_NAME.test(regime)) invalid(`regimes: '${regime}' is not a file-name-safe name (letters, digits, hyphens)`);
  }
  nonEmptyUnique('gates', gates);
  for (const gate of gates) if (!GATES.includes(gate)) invalid(`gates: '${gate}' is not one of ${GATES.join(', ')}`);
  nonEmptyUnique('seeds', seeds);
  for (const seed of [...seeds, ...tuningSeeds]) if (!Number.isInteger(seed)) invalid(`seeds and tuningSeeds must be integers, got ${seed}`);
  const tuned = gates.filter((gate) => (grid[gate]?.length ?? 0) > 1);
  if (tuned.length > 0) nonEmptyUnique('tuningSeeds', tuningSeeds);
  for (const [gate, candidates] of Object.entries(grid)) {
    for (const settings of candidates ?? []) {
      for (const [key, value] of Object.entries(settings)) {
        if (!['temperature', 'lambda', 'margin'].includes(key)) invalid(`grid.${gate}: unknown setting '${key}' (temperature, lambda, margin)`);
        if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`grid.${gate}.${key} must be a finite number, got ${value}`);
        if (key !== 'margin' && value <= 0) invalid(`grid.${gate}.${key} must be > 0, got ${value}`);
      }
    }
  }
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) invalid(`maxEpochs must be a positive integer, got ${maxEpochs}`);
  if (!Number.isInteger(patience) || patience < 1) invalid(`patience must be a positive integer, got ${patience}`);
  if (typeof monitor !== 'string' || monitor === '') invalid(`monitor must name a dev metric, got '${monitor}'`);
}

function nonEmptyUnique(field: string, values: readonly unknown[]): void {
  if (values.length === 0) invalid(`${field} must not be empty`);
  if (new Set(values).size !== values.length) invalid(`${field} must not repeat a value, got ${values.join(', ')}`);
}

function invalid(message: string): never {
  throw new SelectiveKdError('INVALID_OPTION', message);
}

import { expect, it } from 'vitest';
import { protocolResults } from './protocol-results.js';
import type { ProtocolConfig } from './protocol-config.js';
import { run } from './report-fixtures.spec-helper.js';

it('puts config, backend, machine, minutes, teachers, chosen, runs and tuning in that order', () => {
  const config = { mode: 'quick', regimes: ['strong'], seeds: [0] } as unknown as ProtocolConfig;
  const outcome = { runs: [run('strong', 'none', 0, 0.5)], tuning: [run('strong', 'soft', 0, 0.4, { settings: { lambda: 2 } })], chosen: { strong: { none: {} } } };
  const teachers = { strong: { dev: { meanIoU: 0.7 }, test: { meanIoU: 0.6 } } };
  const results = protocolResults({ outcome, config, teachers, minutes: 3.5, machine: '2 × AMD EPYC', backend: 'wasm (spec)' });
  expect(Object.keys(results)).toEqual(['config', 'backend', 'machine', 'minutes', 'teachers', 'chosen', 'runs', 'tuning']);
  expect(results).toEqual({ config, backend: 'wasm (spec)', machine: '2 × AMD EPYC', minutes: 3.5, teachers, ...outcome });
});

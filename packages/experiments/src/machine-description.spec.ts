import { cpus } from 'node:os';
import { expect, it } from 'vitest';
import { backendDescription, machineDescription } from './machine-description.js';

it('describes the machine by cores, CPU, memory and Node version', () => {
  expect(machineDescription()).toMatch(new RegExp(`^${cpus().length} × .+, \\d+ GiB, Node ${process.version.replace(/\./g, '\\.')}$`));
});

it('describes the backend with the reason it was chosen', () => {
  expect(backendDescription({ backend: 'wasm', reason: 'forced by --backend' })).toBe('wasm (forced by --backend)');
});

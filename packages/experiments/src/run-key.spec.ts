import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { runKey, STUDENT_RUN_PROTOCOL } from './run-key.js';

it('hashes the protocol, the configuration without the job-naming fields, the regime and the fingerprint, whatever the key order', () => {
  const config = {
    mode: 'quick',
    learningRate: 0.01,
    seeds: [0],
    gates: ['all'],
    regimes: ['strong'],
    tuningSeeds: [0],
    grid: { soft: [{ temperature: 2 }] },
    nested: { b: 2, a: [1, { d: 4, c: 3 }] },
  };
  const expected = createHash('sha256')
    .update(
      `{"config":{"learningRate":0.01,"mode":"quick","nested":{"a":[1,{"c":3,"d":4}],"b":2}},"fingerprint":"data-1","protocol":${STUDENT_RUN_PROTOCOL},"regime":"strong"}`,
    )
    .digest('hex')
    .slice(0, 16);
  expect(runKey(config, 'strong', 'data-1')).toBe(expected);
  expect(runKey({ nested: { a: [1, { c: 3, d: 4 }], b: 2 }, gates: ['none'], seeds: [5, 6], grid: {}, learningRate: 0.01, mode: 'quick' }, 'strong', 'data-1')).toBe(
    expected,
  );
  expect(runKey({ ...config, optional: undefined }, 'strong', 'data-1')).toBe(expected);
  expect(runKey({ ...config, learningRate: 0.02 }, 'strong', 'data-1')).not.toBe(expected);
  expect(runKey(config, 'weak', 'data-1')).not.toBe(expected);
  expect(runKey(config, 'strong', 'data-2')).not.toBe(expected);
});

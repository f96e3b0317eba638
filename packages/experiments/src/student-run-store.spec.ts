import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { StudentRunStore } from './student-run-store.js';

const job = { regime: 'strong', gate: 'loss-compare', seed: 2, settings: { margin: -0.5 } } as const;
const run = { ...job, dev: { accuracy: 0.5 }, test: { accuracy: 0.25 }, epochs: 7, bestEpoch: 2, teacherBetterFraction: 0.25, seconds: 3 };
const result = { run, files: ['/out/panel.png'] };

it('writes one file per job, atomically, and reads it back only under the same key and job', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'skd-store-')), 'runs');
  const store = new StudentRunStore(dir);
  expect(store.read(job, 'key-1')).toBeUndefined();
  store.write(job, 'key-1', result);
  expect(readdirSync(dir)).toEqual(['strong_loss-compare_seed2_m-0.5.json']);
  expect(JSON.parse(readFileSync(store.fileOf(job), 'utf8'))).toEqual({ key: 'key-1', job, ...result });
  expect(store.read(job, 'key-1')).toEqual(result);
  // Settings given in another key order are the same job.
  expect(store.read({ settings: { margin: -0.5 }, seed: 2, gate: 'loss-compare', regime: 'strong' }, 'key-1')).toEqual(result);

  expect(store.read(job, 'key-2')).toBeUndefined();
  expect(store.read({ ...job, settings: { margin: 0 } }, 'key-1')).toBeUndefined();
  // A file renamed onto another job's name is not that job's result.
  const other = { ...job, regime: 'weak' };
  writeFileSync(store.fileOf(other), readFileSync(store.fileOf(job)));
  expect(store.read(other, 'key-1')).toBeUndefined();
  // A torn or foreign file means the run is redone.
  writeFileSync(store.fileOf(job), '{"key": "key-1", "run": {');
  expect(store.read(job, 'key-1')).toBeUndefined();
});

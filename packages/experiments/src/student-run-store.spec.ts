import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { StudentRunStore } from './student-run-store.js';

const job = { gate: 'loss-compare', seed: 2 } as const;
const result = { run: { ...job, test: { accuracy: 0.5 }, teacherBetterFraction: 0.25, seconds: 3 }, files: ['/out/panel.png'] };

it('writes one file per job, atomically, and reads it back only under the same key and job', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'skd-store-')), 'runs', 'quick');
  const store = new StudentRunStore(dir, 'key-1');
  expect(store.read(job)).toBeUndefined();
  store.write(job, result);
  expect(readdirSync(dir)).toEqual(['loss-compare-seed2.json']);
  expect(JSON.parse(readFileSync(store.fileOf(job), 'utf8'))).toEqual({ key: 'key-1', job, ...result });
  expect(store.read(job)).toEqual(result);

  expect(new StudentRunStore(dir, 'key-2').read(job)).toBeUndefined();
  expect(store.read({ gate: 'all', seed: 2 })).toBeUndefined();
  // A file renamed onto another job's name is not that job's result.
  writeFileSync(join(dir, 'all-seed2.json'), readFileSync(store.fileOf(job)));
  expect(store.read({ gate: 'all', seed: 2 })).toBeUndefined();
  // A torn or foreign file means the run is redone.
  writeFileSync(store.fileOf(job), '{"key": "key-1", "run": {');
  expect(store.read(job)).toBeUndefined();
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeResults } from './write-results.js';

it('writes RESULTS.md and results-<mode>.json, making the folder', () => {
  const outDir = join(mkdtempSync(join(tmpdir(), 'skd-results-')), 'out');
  const file = writeResults({ outDir, mode: 'quick', markdown: '# title\n', json: { config: { mode: 'quick' }, runs: [] } });
  expect(file).toBe(join(outDir, 'RESULTS.md'));
  expect(readFileSync(file, 'utf8')).toBe('# title\n');
  expect(readFileSync(join(outDir, 'results-quick.json'), 'utf8')).toBe('{\n  "config": {\n    "mode": "quick"\n  },\n  "runs": []\n}\n');
});

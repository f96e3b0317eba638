import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeExampleData, type ExampleDataSummary } from './write-example-data.js';

/** sha256 over every file under `dir`, sorted by path: `path NUL bytes` each (the same digest the python check below computes). */
function folderDigest(dir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

describe('writeExampleData', () => {
  let first: string;
  let summary: ExampleDataSummary;

  beforeAll(async () => {
    first = mkdtempSync(join(tmpdir(), 'skd-example-'));
    summary = await writeExampleData(first);
  });

  it('writes the three data sets and says what it wrote', () => {
    expect(summary).toMatchObject({
      seed: 0,
      pixel: { dir: join(first, 'pixel'), images: { train: 48, dev: 16, test: 16 }, size: 32, classes: ['background', 'disc', 'square', 'bar'] },
      text: { dir: join(first, 'text'), sentences: { train: 300, dev: 60, test: 60 } },
      audio: { dir: join(first, 'audio'), clips: { train: 6, dev: 2, test: 2 }, sampleRate: 16000, seconds: 4 },
      // 80 images + 80 label PNGs + classes.json; three CoNLL-U files; 10 WAV + 10 MIDI files.
      files: 184,
    });
    expect(summary.bytes).toBeLessThan(2_000_000);
  });

  it('writes the same bytes for the same seed, and other bytes for another seed', async () => {
    // Golden digests of seed 0, computed independently by python3 hashlib (os.walk, sorted relative paths) over the written files.
    expect(folderDigest(join(first, 'pixel'))).toBe(GOLDEN.pixel);
    expect(folderDigest(join(first, 'text'))).toBe(GOLDEN.text);
    expect(folderDigest(join(first, 'audio'))).toBe(GOLDEN.audio);
    const again = mkdtempSync(join(tmpdir(), 'skd-example-'));
    await writeExampleData(again, { seed: 0 });
    expect(folderDigest(again)).toBe(folderDigest(first));
    const other = mkdtempSync(join(tmpdir(), 'skd-example-'));
    await writeExampleData(other, { seed: 1 });
    for (const set of ['pixel', 'text', 'audio']) expect(folderDigest(join(other, set))).not.toBe(folderDigest(join(first, set)));
  });

  it('refuses a seed that is not a whole number in range, naming the field', async () => {
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 32]) {
      await expect(writeExampleData(first, { seed })).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining(`seed must be a whole number`) });
    }
    await expect(writeExampleData('')).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining('folder') });
  });

  it('names the folder it cannot write into', async () => {
    const file = join(first, 'text', 'train.conllu');
    await expect(writeExampleData(join(file, 'below'))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`cannot write the example data into ${join(file, 'below')}`) });
  });
});

const GOLDEN = {
  pixel: 'b21aad1e6c090e664d34bbea3a25f9eaeb512ebe8cbbf6fc19247a990cb724d3',
  text: '4a2ac98a18c108388aef05acdf77bc95cb4fce5617d06249ee09ed4360e61ccd',
  audio: '400a1597f7b918e310497f2dd45d47eaa6c2b47824be26c018df36b0f927e60e',
};

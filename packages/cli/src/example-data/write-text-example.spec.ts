import { seededRandom } from '@selective-kd/core';
import { readConll } from '@selective-kd/text';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_SPLITS } from './example-splits.js';
import { makeTextExample, writeTextExample } from './write-text-example.js';

const AMBIGUOUS = new Set(['watch', 'fish', 'plant', 'water', 'light', 'ring', 'book', 'park', 'play', 'walk']);

describe('the text walk-through data', () => {
  it('reads back through readConll (auto-detected as CoNLL-U) as the sentences made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-text-example-'));
    expect(await writeTextExample(dir, seededRandom(5))).toEqual({ train: 300, dev: 60, test: 60 });
    const made = makeTextExample(seededRandom(5));
    for (const split of EXAMPLE_SPLITS) expect(await readConll(join(dir, `${split}.conllu`))).toEqual(made[split]);
  });

  it('tags the ambiguous words by context: NOUN after a determiner or adjective, VERB otherwise, both often', () => {
    const counts = { NOUN: 0, VERB: 0 };
    for (const { words, tags } of makeTextExample(seededRandom(0)).train) {
      words.forEach((word, i) => {
        if (!AMBIGUOUS.has(word.toLowerCase())) return;
        const tag = tags[i] as 'NOUN' | 'VERB';
        counts[tag]++;
        expect(tag).toBe(['DET', 'ADJ'].includes(tags[i - 1]) ? 'NOUN' : 'VERB');
      });
    }
    // A tagger that ignores context gets at most the larger share of them right.
    expect(Math.max(counts.NOUN, counts.VERB) / (counts.NOUN + counts.VERB)).toBeLessThan(0.65);
  });

  it("golden values of writeExampleData's seed 0: sentences, tokens and the ambiguous words' tags per split", () => {
    // writeExampleData seeds the text set with 0x3c6ef372 (2 · 0x9e3779b9 mod 2³²) for its seed 0; the numbers come
    // from python3 reading the .conllu files that call wrote.
    const made = makeTextExample(seededRandom(0x3c6ef372));
    const summary = EXAMPLE_SPLITS.map((split) => {
      const words = made[split].flatMap((s) => s.words.map((w, i) => [w.toLowerCase(), s.tags[i]]));
      const ambiguous = words.filter(([w]) => AMBIGUOUS.has(w));
      return [made[split].length, words.length, ambiguous.filter(([, t]) => t === 'NOUN').length, ambiguous.filter(([, t]) => t === 'VERB').length];
    });
    expect(summary).toEqual([
      [300, 2251, 214, 150],
      [60, 453, 37, 28],
      [60, 443, 39, 27],
    ]);
    const tags = new Set(made.train.flatMap((s) => s.tags));
    expect([...tags].sort()).toEqual(['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'NOUN', 'PRON', 'PUNCT', 'VERB']);
  });
});

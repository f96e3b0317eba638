import { expect, it } from 'vitest';
import type { TaggedSentence } from './brown-corpus.js';
import { packSentences } from './pack-sentences.js';

const sentence = (n: number, tag: TaggedSentence['tags'][number] = 'NOUN'): TaggedSentence => ({
  words: Array.from({ length: n }, (_, i) => `w${n}-${i}`),
  tags: Array.from({ length: n }, () => tag),
});

it('packs whole sentences in order while they fit, a long sentence alone', () => {
  const sentences = [sentence(3), sentence(4, 'VERB'), sentence(2), sentence(9), sentence(1), sentence(5)];
  const rows = packSentences(sentences, 8);
  expect(rows.map((r) => r.words.length)).toEqual([7, 2, 9, 6]);
  expect(rows[0].tags).toEqual(['NOUN', 'NOUN', 'NOUN', 'VERB', 'VERB', 'VERB', 'VERB']);
  expect(rows.flatMap((r) => r.words)).toEqual(sentences.flatMap((s) => s.words));
  // The input is not changed.
  expect(sentences[0].words).toHaveLength(3);
});

it('gives no rows for no sentences', () => {
  expect(packSentences([], 40)).toEqual([]);
});

import { expect, it } from 'vitest';
import { brownCorpusDir, parseBrownText } from './brown-corpus.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

it('parses form-C lines into sentences with universal tags, keeping slashes inside words', () => {
  const text = '\n\n\tThe/at Fulton/np-tl jury/nn said/vbd 1/2/cd ./.\n\n\n\tIt/pps wasn\'t/bedz* ./.\n';
  expect(parseBrownText(text)).toEqual([
    { words: ['The', 'Fulton', 'jury', 'said', '1/2', '.'], tags: ['DET', 'NOUN', 'NOUN', 'VERB', 'NUM', '.'] },
    { words: ['It', "wasn't", '.'], tags: ['PRON', 'VERB', '.'] },
  ]);
});

it('reads the first sentence of the real corpus file ca01', () => {
  const [first] = parseBrownText(readFileSync(join(brownCorpusDir(), 'ca01'), 'utf8'));
  expect(first.words.slice(0, 4)).toEqual(['The', 'Fulton', 'County', 'Grand']);
  expect(first.tags.slice(0, 4)).toEqual(['DET', 'NOUN', 'NOUN', 'ADJ']);
  expect(first.words).toHaveLength(25);
});

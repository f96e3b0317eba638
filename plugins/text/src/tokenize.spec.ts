import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('keeps each token with its character span in the original text', () => {
    const text = '  The jury said, "it\'s over."\nDone';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(['The', 'jury', 'said', ',', '"', "it's", 'over', '.', '"', 'Done']);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
    expect(tokens[0]).toEqual({ text: 'The', start: 2, end: 5 });
    expect(tokens.at(-1)).toEqual({ text: 'Done', start: 30, end: 34 });
  });

  it('cuts words as the Brown corpus does', () => {
    expect(tokenize("Atlanta's term-end U.S. reports, ``no'' -- 3,000.50 ... don't").map((t) => t.text)).toEqual([
      "Atlanta's", 'term-end', 'U.S', '.', 'reports', ',', '``', 'no', "''", '--', '3,000.50', '...', "don't",
    ]);
  });

  it('finds repeated words at their own positions and handles non-ASCII letters', () => {
    expect(tokenize('a a café a').map((t) => [t.text, t.start])).toEqual([['a', 0], ['a', 2], ['café', 4], ['a', 9]]);
  });

  it('refuses empty text and text of only whitespace', () => {
    expectSelectiveKdError(() => tokenize(''), 'EMPTY_INPUT', 'no tokens', 'empty text');
    expectSelectiveKdError(() => tokenize(' \n\t'), 'EMPTY_INPUT', '3 characters of whitespace');
    expectSelectiveKdError(() => tokenize('abc', { pattern: /\w+/ }), 'INVALID_OPTION', 'g flag');
  });
});

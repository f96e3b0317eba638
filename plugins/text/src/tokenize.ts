import { SelectiveKdError } from '@selective-kd/core';
// The tokenizers' own entry: natural's main index also loads its storage
// backends, which run dotenv and print its tips to stdout on import.
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/index.js';

/** One token of a text and where it stands in that text: `text === source.slice(start, end)`. */
export interface TextToken {
  text: string;
  /** Offset of the first character in the original text (UTF-16 code units, as `String.slice`). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface TokenizeOptions {
  /**
   * What one token looks like, for natural's `RegexpTokenizer` (matching, not
   * splitting). Default `BROWN_TOKEN_PATTERN`. Needs the `g` flag.
   */
  pattern?: RegExp;
}

/**
 * Tokens as the Brown corpus and Penn-style taggers cut them: words keep
 * inner apostrophes, hyphens and dots ("Atlanta's", "don't", "term-end",
 * "U.S", "3,000.50"); `` and '' quotes, -- and ... stay whole; any other
 * punctuation mark is a token of its own.
 */
export const BROWN_TOKEN_PATTERN = /``|''|--|\.\.\.|[\p{L}\p{N}_]+(?:['’.,/&-][\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu;

/**
 * Tokenises `text` with natural's `RegexpTokenizer` and gives each token its
 * character span in `text`, so tags and the contrast mask can be laid back
 * onto the original words. Throws on text with no tokens.
 */
export function tokenize(text: string, { pattern = BROWN_TOKEN_PATTERN }: TokenizeOptions = {}): TextToken[] {
  if (typeof text !== 'string') {
    throw new SelectiveKdError('INVALID_INPUT', `tokenize: the text is not a string but ${describeValue(text)}`);
  }
  if (!pattern.global) {
    throw new SelectiveKdError('INVALID_OPTION', `tokenize: pattern must have the g flag; got ${pattern}`);
  }
  const words = new RegexpTokenizer({ pattern, gaps: false }).tokenize(text) ?? [];
  if (words.length === 0) {
    throw new SelectiveKdError(
      'EMPTY_INPUT',
      `tokenize: the text has no tokens (${text.length === 0 ? 'empty text' : `${text.length} characters of whitespace or no match for ${pattern}`})`,
    );
  }
  // The tokenizer returns the matches in order, so each one is found at or after the previous one's end.
  const tokens: TextToken[] = [];
  let from = 0;
  for (const word of words) {
    const start = text.indexOf(word, from);
    tokens.push({ text: word, start, end: start + word.length });
    from = start + word.length;
  }
  return tokens;
}

/** What a wrongly-typed argument is, for an error message. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : `${typeof value} ${String(value)}`;
}

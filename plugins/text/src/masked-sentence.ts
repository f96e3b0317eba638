import type { TextToken } from './tokenize.js';

/** One token of a sentence shown with its contrast-mask value and, where known, the three tags. */
export interface MaskedToken {
  token: TextToken;
  teacherBetter: boolean;
  gold?: string;
  teacher?: string;
  student?: string;
}

/** A text and its tokens' mask values, for `tokenMaskHtml` and `tokenMaskTerminal`. */
export interface MaskedSentence {
  /** The original text the tokens' character spans point into. */
  text: string;
  tokens: readonly MaskedToken[];
}

/**
 * The text cut into pieces at the tokens' spans: the characters between
 * tokens (kept as they were) and the tokens themselves, in order.
 */
export function sentencePieces({ text, tokens }: MaskedSentence): (string | MaskedToken)[] {
  const pieces: (string | MaskedToken)[] = [];
  let at = 0;
  for (const masked of [...tokens].sort((a, b) => a.token.start - b.token.start)) {
    if (masked.token.start > at) pieces.push(text.slice(at, masked.token.start));
    pieces.push(masked);
    at = Math.max(at, masked.token.end);
  }
  if (at < text.length) pieces.push(text.slice(at));
  return pieces;
}

import type { TextToken } from '@selective-kd/text';
import type { TaggedSentence } from './brown-corpus.js';

/** A sentence as text, each gold token with its character span in it. */
export interface SentenceText {
  text: string;
  tokens: TextToken[];
  sentence: TaggedSentence;
}

/** The corpus's tokens joined by single spaces, each with its span in that text. */
export function sentenceText(sentence: TaggedSentence): SentenceText {
  const tokens: TextToken[] = [];
  let at = 0;
  for (const word of sentence.words) {
    tokens.push({ text: word, start: at, end: at + word.length });
    at += word.length + 1;
  }
  return { text: sentence.words.join(' '), tokens, sentence };
}

import type { TaggedSentence } from './brown-corpus.js';

/**
 * A document's sentences packed in order into rows of at most `length`
 * tokens: each row takes whole sentences while they fit, so a row holds the
 * text as it runs (a sentence's neighbours are the previous and next
 * sentences, as in the document) and padding shrinks from half of every row
 * to its end. A sentence longer than `length` gets a row of its own, which
 * the batcher splits into windows.
 */
export function packSentences(sentences: readonly TaggedSentence[], length: number): TaggedSentence[] {
  const rows: TaggedSentence[] = [];
  let row: TaggedSentence | undefined;
  for (const sentence of sentences) {
    if (row !== undefined && row.words.length + sentence.words.length <= length) {
      row.words.push(...sentence.words);
      row.tags.push(...sentence.tags);
    } else {
      row = { words: [...sentence.words], tags: [...sentence.tags] };
      rows.push(row);
    }
  }
  return rows;
}

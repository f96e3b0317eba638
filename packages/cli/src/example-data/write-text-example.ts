import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXAMPLE_SPLITS, type ExampleSplit, type SplitCounts } from './example-splits.js';

/** 300 / 60 / 60 sentences. */
export const TEXT_COUNTS: SplitCounts = { train: 300, dev: 60, test: 60 };

/** A tagged sentence: words and their Universal POS tags. */
export interface TextExampleSentence {
  words: string[];
  tags: string[];
}

// Words that are a NOUN after a determiner and a VERB after a subject or an auxiliary
// ("they watch the fish" / "the watch is old"): a tagger must read the context to tag them.
const AMBIGUOUS = ['watch', 'fish', 'plant', 'water', 'light', 'ring', 'book', 'park', 'play', 'walk'];
const NOUNS = ['dog', 'cat', 'river', 'garden', 'house', 'tree', 'boat', 'song'];
const PLURAL_NOUNS = ['dogs', 'cats', 'farmers', 'birds', 'children', 'teachers', 'sailors'];
const VERBS = ['see', 'like', 'find', 'chase', 'paint', 'visit', 'need'];
const INTRANSITIVE = ['sleep', 'sing', 'wait', 'laugh'];
const PRONOUNS = ['they', 'we', 'you', 'i'];
const DETERMINERS = ['the', 'a', 'this', 'every', 'some'];
const PLURAL_DETERMINERS = ['the', 'some', 'these', 'many'];
const ADJECTIVES = ['old', 'small', 'red', 'quiet', 'happy', 'big', 'green'];
const ADVERBS = ['often', 'never', 'always', 'rarely'];
const AUXILIARIES = ['can', 'will', 'must', 'may'];
const COPULAS = ['is', 'was'];
const ADPOSITIONS = ['in', 'near', 'by', 'with', 'behind'];

/**
 * Sentences from a small probabilistic grammar, tagged with Universal POS
 * tags. The ambiguous words appear about equally often as nouns and verbs, so
 * a model that looks at a word alone tags about half of them wrong, while one
 * that reads the word before it gets them right.
 */
export function makeTextExample(random: () => number): Record<ExampleSplit, TextExampleSentence[]> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;

  const nounPhrase = (words: [string, string][]) => {
    words.push([pick(DETERMINERS), 'DET']);
    if (chance(0.3)) words.push([pick(ADJECTIVES), 'ADJ']);
    words.push([chance(0.5) ? pick(AMBIGUOUS) : pick(NOUNS), 'NOUN']);
  };
  const subject = (words: [string, string][]) => {
    if (chance(0.4)) return void words.push([pick(PRONOUNS), 'PRON']);
    if (chance(0.5)) words.push([pick(PLURAL_DETERMINERS), 'DET']);
    if (chance(0.3)) words.push([pick(ADJECTIVES), 'ADJ']);
    words.push([pick(PLURAL_NOUNS), 'NOUN']);
  };
  const verbPhrase = (words: [string, string][]) => {
    if (chance(0.3)) words.push([pick(AUXILIARIES), 'AUX']);
    else if (chance(0.25)) words.push([pick(ADVERBS), 'ADV']);
    if (chance(0.2)) return void words.push([pick(INTRANSITIVE), 'VERB']);
    words.push([chance(0.6) ? pick(AMBIGUOUS) : pick(VERBS), 'VERB']);
    nounPhrase(words);
  };

  const sentence = (): TextExampleSentence => {
    const words: [string, string][] = [];
    if (chance(0.25)) {
      // "the watch was green": an ambiguous word as the subject noun.
      nounPhrase(words);
      words.push([pick(COPULAS), 'AUX'], [pick(ADJECTIVES), 'ADJ']);
    } else {
      subject(words);
      verbPhrase(words);
      if (chance(0.25)) {
        words.push(['and', 'CCONJ']);
        verbPhrase(words);
      }
    }
    if (chance(0.3)) {
      words.push([pick(ADPOSITIONS), 'ADP']);
      nounPhrase(words);
    }
    words.push(['.', 'PUNCT']);
    const [first] = words[0];
    words[0][0] = first[0].toUpperCase() + first.slice(1);
    return { words: words.map(([word]) => word), tags: words.map(([, tag]) => tag) };
  };

  const out = {} as Record<ExampleSplit, TextExampleSentence[]>;
  for (const split of EXAMPLE_SPLITS) out[split] = Array.from({ length: TEXT_COUNTS[split] }, sentence);
  return out;
}

/** The sentences as CoNLL-U: `# sent_id` and `# text` comments, then ID, FORM and UPOS, with `_` (not given) in the other columns. */
export function toConllu(sentences: TextExampleSentence[], split: string): string {
  return sentences
    .map(({ words, tags }, s) => {
      const lines = [`# sent_id = ${split}-${s + 1}`, `# text = ${words.join(' ')}`];
      words.forEach((word, i) => lines.push([i + 1, word, '_', tags[i], '_', '_', '_', '_', '_', '_'].join('\t')));
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

/** Writes `<dir>/{train,dev,test}.conllu`, the layout the CLI reads with `readConll`. */
export async function writeTextExample(dir: string, random: () => number): Promise<SplitCounts> {
  const splits = makeTextExample(random);
  await mkdir(dir, { recursive: true });
  for (const split of EXAMPLE_SPLITS) await writeFile(join(dir, `${split}.conllu`), toConllu(splits[split], split));
  return { ...TEXT_COUNTS };
}

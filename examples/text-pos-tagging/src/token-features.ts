import { SelectiveKdError } from '@selective-kd/core';
import { Vocabulary, type VocabularyStamp } from '@selective-kd/text';
import { join } from 'node:path';

/** The word classes a token's spelling falls in; index 0 is padding. */
const SHAPES = ['<pad>', 'lower', 'capitalised', 'upper', 'number', 'punctuation', 'other'] as const;
const SUFFIX_LENGTH = 3;

/** What a saved tagger records about the features it was trained on. */
export interface FeatureStamp {
  words: VocabularyStamp;
  suffixes: VocabularyStamp;
}

/**
 * Three ids per token for one shared embedding table: the word, its last
 * three letters and its shape (capitalised, number, …), offset so they never
 * collide. Suffix and shape let the tagger guess words it never saw
 * ("-ing", "-ly", capitalised → proper noun).
 */
export class TokenFeatures {
  static readonly PER_TOKEN = 3;

  constructor(
    readonly words: Vocabulary,
    readonly suffixes: Vocabulary,
  ) {}

  static build(sentences: readonly (readonly string[])[], minFrequency: number): TokenFeatures {
    return new TokenFeatures(
      Vocabulary.build(sentences, { minFrequency }),
      Vocabulary.build(sentences.map((words) => words.map(suffixOf)), { minFrequency }),
    );
  }

  /** Rows of the embedding table. */
  get inputDim(): number {
    return this.words.size + this.suffixes.size + SHAPES.length;
  }

  /** `PER_TOKEN` ids per word, word after word. */
  encode(words: readonly string[]): number[] {
    const suffixBase = this.words.size;
    const shapeBase = suffixBase + this.suffixes.size;
    return words.flatMap((word) => [this.words.id(word), suffixBase + this.suffixes.id(suffixOf(word)), shapeBase + shapeOf(word)]);
  }

  get stamp(): FeatureStamp {
    return { words: this.words.stamp, suffixes: this.suffixes.stamp };
  }

  /** Throws unless a saved model's stamp and embedding size fit these features. */
  assertMatches(stamp: FeatureStamp | undefined, inputDim: number, where: string): void {
    if (!stamp?.words || !stamp.suffixes) {
      throw new SelectiveKdError('INVALID_MODEL', `${where} records no vocabulary; it was not saved by this example`);
    }
    this.words.assertMatches(stamp.words, `${where} (words)`);
    this.suffixes.assertMatches(stamp.suffixes, `${where} (suffixes)`);
    if (inputDim !== this.inputDim) {
      throw new SelectiveKdError('VOCABULARY_MISMATCH', `vocabulary mismatch: ${where} embeds ${inputDim} ids, the features need ${this.inputDim}`);
    }
  }

  save(dir: string): void {
    this.words.save(join(dir, 'vocabulary.json'));
    this.suffixes.save(join(dir, 'suffixes.json'));
  }

  static load(dir: string): TokenFeatures {
    return new TokenFeatures(Vocabulary.load(join(dir, 'vocabulary.json')), Vocabulary.load(join(dir, 'suffixes.json')));
  }
}

function suffixOf(word: string): string {
  return word.toLowerCase().slice(-SUFFIX_LENGTH);
}

function shapeOf(word: string): number {
  if (/\d/.test(word)) return SHAPES.indexOf('number');
  if (/^\p{Ll}+$/u.test(word)) return SHAPES.indexOf('lower');
  if (/^\p{Lu}[\p{Ll}'.-]*$/u.test(word)) return SHAPES.indexOf('capitalised');
  if (/^[\p{Lu}'.-]+$/u.test(word)) return SHAPES.indexOf('upper');
  if (/^[^\p{L}\p{N}]+$/u.test(word)) return SHAPES.indexOf('punctuation');
  return SHAPES.indexOf('other');
}

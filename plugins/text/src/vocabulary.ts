import { SelectiveKdError } from '@selective-kd/core';
import { readFileSync, writeFileSync } from 'node:fs';

export interface VocabularyOptions {
  /** Words seen fewer times than this map to `<unk>`. Default 1 (every word seen). */
  minFrequency?: number;
  /** Keep at most this many words (the most frequent; ties in first-seen order). Default: no limit. */
  maxSize?: number;
  /** Compare words in lower case. Default true. */
  lowercase?: boolean;
}

/** A model's record of the vocabulary it was trained with, to check a vocabulary file against. */
export interface VocabularyStamp {
  size: number;
  fingerprint: string;
}

/** The JSON a vocabulary is saved as. */
interface VocabularyJson {
  format: 'selective-kd-vocabulary';
  version: 1;
  lowercase: boolean;
  words: string[];
}

const FORMAT = 'selective-kd-vocabulary';

/**
 * Words ↔ ids for an embedding layer. Id 0 is `<pad>` (never a real token, so
 * padding is recognisable), id 1 is `<unk>` (rare and unseen words); the other
 * words follow by falling frequency. Saved and loaded as JSON.
 */
export class Vocabulary {
  static readonly PAD = '<pad>';
  static readonly UNK = '<unk>';
  static readonly PAD_ID = 0;
  static readonly UNK_ID = 1;

  private readonly ids: Map<string, number>;

  private constructor(
    /** Every entry by id, `<pad>` and `<unk>` first. */
    readonly words: readonly string[],
    readonly lowercase: boolean,
  ) {
    this.ids = new Map(words.map((word, id) => [word, id]));
  }

  /** Builds a vocabulary from tokenised texts. */
  static build(texts: Iterable<readonly string[]>, { minFrequency = 1, maxSize, lowercase = true }: VocabularyOptions = {}): Vocabulary {
    if (!Number.isInteger(minFrequency) || minFrequency < 1) {
      throw new SelectiveKdError('INVALID_OPTION', `minFrequency must be a whole number ≥ 1; got ${minFrequency}`);
    }
    if (maxSize !== undefined && (!Number.isInteger(maxSize) || maxSize < 0)) {
      throw new SelectiveKdError('INVALID_OPTION', `maxSize must be a whole number ≥ 0; got ${maxSize}`);
    }
    const counts = new Map<string, number>();
    for (const words of texts) {
      for (const word of words) {
        const key = lowercase ? word.toLowerCase() : word;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    counts.delete(Vocabulary.PAD);
    counts.delete(Vocabulary.UNK);
    // Array.prototype.sort is stable, so equal counts keep first-seen order.
    const kept = [...counts].filter(([, n]) => n >= minFrequency).sort((a, b) => b[1] - a[1]);
    const words = kept.slice(0, maxSize ?? kept.length).map(([word]) => word);
    return new Vocabulary([Vocabulary.PAD, Vocabulary.UNK, ...words], lowercase);
  }

  /** Entries including `<pad>` and `<unk>`: the embedding layer's `inputDim`. */
  get size(): number {
    return this.words.length;
  }

  /** The id of one word; `<unk>`'s for words not in the vocabulary. */
  id(word: string): number {
    return this.ids.get(this.lowercase ? word.toLowerCase() : word) ?? Vocabulary.UNK_ID;
  }

  encode(words: readonly string[]): number[] {
    return words.map((word) => this.id(word));
  }

  decode(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      const word = this.words[id];
      if (word === undefined) {
        throw new SelectiveKdError('LABEL_OUT_OF_RANGE', `word id ${id} is outside the vocabulary's [0, ${this.size})`);
      }
      return word;
    });
  }

  /**
   * Size and an FNV-1a hash of the entries in order: store it with a trained
   * model (e.g. `model.setUserDefinedMetadata`) and check it with `assertMatches`.
   */
  get stamp(): VocabularyStamp {
    let hash = 0x811c9dc5;
    for (const word of this.words) {
      for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
      hash = Math.imul(hash ^ 0x0a, 0x01000193); // a separator, so ['ab','c'] ≠ ['a','bc']
    }
    return { size: this.size, fingerprint: (hash >>> 0).toString(16).padStart(8, '0') };
  }

  /**
   * Throws unless `model` (a saved model's stamp, or just its embedding size)
   * was trained with this vocabulary: a model given the wrong vocabulary file
   * reads every word as some other word and fails silently otherwise.
   */
  assertMatches(model: VocabularyStamp | { size: number }, where = 'the model'): void {
    const mine = this.stamp;
    const sizeDiffers = model.size !== mine.size;
    const fingerprintDiffers = 'fingerprint' in model && model.fingerprint !== mine.fingerprint;
    if (sizeDiffers || fingerprintDiffers) {
      const theirs = 'fingerprint' in model ? `${model.size} entries, fingerprint ${model.fingerprint}` : `${model.size} entries`;
      throw new SelectiveKdError(
        'VOCABULARY_MISMATCH',
        `vocabulary mismatch: ${where} was trained with a vocabulary of ${theirs}, ` +
          `but this vocabulary has ${mine.size} entries, fingerprint ${mine.fingerprint}; load the vocabulary saved with the model`,
      );
    }
  }

  toJSON(): VocabularyJson {
    return { format: FORMAT, version: 1, lowercase: this.lowercase, words: [...this.words] };
  }

  static fromJSON(json: unknown, source = 'the vocabulary JSON'): Vocabulary {
    const value = json as Partial<VocabularyJson> | null;
    if (value?.format !== FORMAT || value.version !== 1 || !Array.isArray(value.words) || typeof value.lowercase !== 'boolean') {
      throw new SelectiveKdError('INVALID_INPUT', `${source} is not a ${FORMAT} version 1 file`);
    }
    const notWord = value.words.findIndex((word) => typeof word !== 'string' || word === '');
    if (notWord >= 0) {
      throw new SelectiveKdError('INVALID_INPUT', `${source}: entry ${notWord} is ${JSON.stringify(value.words[notWord])}, not a word`);
    }
    if (value.words[Vocabulary.PAD_ID] !== Vocabulary.PAD || value.words[Vocabulary.UNK_ID] !== Vocabulary.UNK) {
      throw new SelectiveKdError('INVALID_INPUT', `${source} must start with ${Vocabulary.PAD} and ${Vocabulary.UNK}`);
    }
    // A repeated word, or an upper-case word in a lower-casing vocabulary, is an id no word encodes to: ids would not round-trip.
    const seen = new Set<string>();
    for (const word of value.words) {
      if (seen.has(word)) throw new SelectiveKdError('INVALID_INPUT', `${source}: the word ${JSON.stringify(word)} appears twice`);
      if (value.lowercase && word !== word.toLowerCase()) {
        throw new SelectiveKdError('INVALID_INPUT', `${source}: the word ${JSON.stringify(word)} is not in lower case, but the vocabulary lower-cases what it looks up`);
      }
      seen.add(word);
    }
    return new Vocabulary(value.words, value.lowercase);
  }

  save(path: string): void {
    writeFileSync(path, `${JSON.stringify(this.toJSON())}\n`);
  }

  /** Reads a file written by `save`; a missing, unreadable, cut or foreign file fails with a `SelectiveKdError` naming it. */
  static load(path: string): Vocabulary {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new SelectiveKdError('INVALID_INPUT', `cannot read the vocabulary file ${path}: ${(error as Error).message}`);
    }
    if (text.trim() === '') throw new SelectiveKdError('EMPTY_INPUT', `the vocabulary file ${path} is empty`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SelectiveKdError('INVALID_INPUT', `the vocabulary file ${path} is not valid JSON (cut short?): ${(error as Error).message}`);
    }
    return Vocabulary.fromJSON(json, path);
  }
}

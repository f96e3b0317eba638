import { TagSet, type TextToken, type TokenSequence } from '@selective-kd/text';
import type { BrownDocument, TaggedSentence } from './brown-corpus.js';
import type { ExperimentConfig } from './experiment-config.js';
import { splitDocuments } from './split-documents.js';
import { TokenFeatures } from './token-features.js';
import { UNIVERSAL_TAGS } from './universal-tags.js';

/** A test sentence as text, each gold token with its character span in it. */
export interface SentenceText {
  text: string;
  tokens: TextToken[];
  sentence: TaggedSentence;
}

/** Everything the models train and are scored on, as the config selects it from the corpus. */
export interface TaggingData {
  features: TokenFeatures;
  tagSet: TagSet;
  train: TokenSequence[];
  test: TokenSequence[];
  /** As many dev-split documents as test documents: the teacher's held-out check. */
  dev: TokenSequence[];
  /** The test split's sentences, in the order of `test`. */
  testSentences: TaggedSentence[];
  counts: { trainDocuments: number; trainSentences: number; trainTokens: number; testDocuments: number; testSentences: number; testTokens: number };
}

/**
 * Splits the corpus by document, takes the configured numbers of train and
 * test documents, builds the features from the training text only and
 * encodes every sentence.
 */
export function prepareTaggingData(documents: readonly BrownDocument[], config: ExperimentConfig): TaggingData {
  const split = splitDocuments(documents);
  const trainDocs = split.train.slice(0, config.trainDocuments);
  const testDocs = split.test.slice(0, config.testDocuments);
  const trainSentences = trainDocs.flatMap((d) => d.sentences);
  const testSentences = testDocs.flatMap((d) => d.sentences);
  const features = TokenFeatures.build(trainSentences.map((s) => s.words), config.minFrequency);
  const tagSet = new TagSet(UNIVERSAL_TAGS);
  const encode = (s: TaggedSentence): TokenSequence => ({ inputs: features.encode(s.words), labels: tagSet.encode(s.tags) });
  const tokens = (sentences: TaggedSentence[]) => sentences.reduce((n, s) => n + s.words.length, 0);
  return {
    features,
    tagSet,
    train: trainSentences.map(encode),
    test: testSentences.map(encode),
    dev: split.dev.slice(0, config.testDocuments).flatMap((d) => d.sentences).map(encode),
    testSentences,
    counts: {
      trainDocuments: trainDocs.length,
      trainSentences: trainSentences.length,
      trainTokens: tokens(trainSentences),
      testDocuments: testDocs.length,
      testSentences: testSentences.length,
      testTokens: tokens(testSentences),
    },
  };
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

import { TagSet, type TokenSequence } from '@selective-kd/text';
import type { BrownDocument, TaggedSentence } from './brown-corpus.js';
import { packSentences } from './pack-sentences.js';
import { inGenres, REGIME_DOMAINS, type Regime } from './regimes.js';
import { splitDocuments } from './split-documents.js';
import { TokenFeatures } from './token-features.js';
import { UNIVERSAL_TAGS } from './universal-tags.js';

/** How much of the corpus a regime's students get; the teacher's share is fixed by the regime. */
export interface RegimeDataOptions {
  /** Labelled documents the students train on: the first of the train split in the students' genres. */
  studentDocuments: number;
  /** Dev documents the students are early-stopped and tuned on: the first of the dev split in their genres. */
  devDocuments: number;
  /** Test documents scored: the first of the test split in the students' genres. Default: all of them. */
  testDocuments?: number;
  /** Words and suffixes seen fewer times in a model's training text map to `<unk>`. Default `MIN_FREQUENCY`. */
  minFrequency?: number;
}

/** The vocabulary rule of teachers and students: words and suffixes seen at least twice in their training text. */
export const MIN_FREQUENCY = 2;

/** Tokens per row of every model's input; longer sentences are split into windows. */
export const ROW_LENGTH = 40;

/** Documents, sentences and tokens of one side of the data. */
export interface PartCounts {
  documents: number;
  sentences: number;
  tokens: number;
}

/** Everything a regime's teacher and students train and are scored on. */
export interface RegimeData {
  regime: Regime;
  /** The teacher's features, built on its training text. */
  teacherFeatures: TokenFeatures;
  /**
   * The students' own features, built on their labelled text: a student knows
   * the words it has gold tags for, and every other word is `<unk>`, whose
   * embedding the words seen once train.
   */
  features: TokenFeatures;
  tagSet: TagSet;
  /** The teacher's training documents (encoded by `npm run teachers` only, with `encodeRows`). */
  teacherDocuments: BrownDocument[];
  /** The students' labelled subset, in rows of packed sentences (`encodeRows`) of the students' features, as dev and test. */
  train: TokenSequence[];
  dev: TokenSequence[];
  test: TokenSequence[];
  /**
   * The same rows in the teacher's features, row for row (same packing, same
   * lengths): the teacher's logits for a student's row come from these.
   */
  teacherRows: { train: TokenSequence[]; dev: TokenSequence[]; test: TokenSequence[] };
  /** The test documents' sentences one by one (for the mask page). */
  testSentences: TaggedSentence[];
  /** The Brown file names behind each part. */
  documentIds: { teacherTrain: string[]; train: string[]; dev: string[]; test: string[] };
  counts: { teacherTrain: PartCounts; train: PartCounts; dev: PartCounts; test: PartCounts };
}

/**
 * A regime's data from the fixed 400/50/50 document split: the teacher's
 * training documents (the train split in the teacher's genres), the students'
 * labelled subset (the first `studentDocuments` train documents in the
 * students' genres, so a subset of the teacher's data when they share
 * genres), and the students' dev and test documents. The split's order is
 * shuffled once, so "the first" documents mix the genres they are drawn from.
 */
export function prepareRegimeData(
  documents: readonly BrownDocument[],
  regime: Regime,
  { studentDocuments, devDocuments, testDocuments, minFrequency = MIN_FREQUENCY }: RegimeDataOptions,
): RegimeData {
  const split = splitDocuments(documents);
  const domains = REGIME_DOMAINS[regime];
  const ofStudents = (docs: BrownDocument[]) => docs.filter((d) => inGenres(d.id, domains.students));
  const parts = {
    teacherTrain: split.train.filter((d) => inGenres(d.id, domains.teacher)),
    train: ofStudents(split.train).slice(0, studentDocuments),
    dev: ofStudents(split.dev).slice(0, devDocuments),
    test: ofStudents(split.test).slice(0, testDocuments),
  };
  const sentencesOf = (docs: BrownDocument[]) => docs.flatMap((d) => d.sentences);
  const teacherFeatures = TokenFeatures.build(sentencesOf(parts.teacherTrain).map((s) => s.words), minFrequency);
  const features = TokenFeatures.build(sentencesOf(parts.train).map((s) => s.words), minFrequency);
  const tagSet = new TagSet(UNIVERSAL_TAGS);
  const encode = (docs: BrownDocument[]) => encodeRows(docs, features, tagSet);
  const encodeForTeacher = (docs: BrownDocument[]) => encodeRows(docs, teacherFeatures, tagSet);
  const count = (docs: BrownDocument[]): PartCounts => {
    const sentences = sentencesOf(docs);
    return { documents: docs.length, sentences: sentences.length, tokens: sentences.reduce((n, s) => n + s.words.length, 0) };
  };
  return {
    regime,
    teacherFeatures,
    features,
    tagSet,
    teacherDocuments: parts.teacherTrain,
    train: encode(parts.train),
    dev: encode(parts.dev),
    test: encode(parts.test),
    teacherRows: { train: encodeForTeacher(parts.train), dev: encodeForTeacher(parts.dev), test: encodeForTeacher(parts.test) },
    testSentences: sentencesOf(parts.test),
    documentIds: {
      teacherTrain: parts.teacherTrain.map((d) => d.id),
      train: parts.train.map((d) => d.id),
      dev: parts.dev.map((d) => d.id),
      test: parts.test.map((d) => d.id),
    },
    counts: { teacherTrain: count(parts.teacherTrain), train: count(parts.train), dev: count(parts.dev), test: count(parts.test) },
  };
}

/** Documents as model rows: each document's sentences packed in order into rows of at most `ROW_LENGTH` tokens, then encoded. */
export function encodeRows(documents: readonly BrownDocument[], features: TokenFeatures, tagSet: TagSet): TokenSequence[] {
  return documents
    .flatMap((d) => packSentences(d.sentences, ROW_LENGTH))
    .map((s) => ({ inputs: features.encode(s.words), labels: tagSet.encode(s.tags) }));
}

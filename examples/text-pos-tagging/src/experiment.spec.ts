import { createSelectiveContainer, DistillerFactory, initBackend, MODALITY } from '@selective-kd/core';
import { runStudent } from '@selective-kd/experiments';
import { textModality } from '@selective-kd/text';
import { expectNoTensorLeak } from '@selective-kd/testing';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBrownText, type BrownDocument } from './brown-corpus.js';
import { batchesOf, maskSentences } from './experiment.js';
import { QUICK } from './experiment-config.js';
import { buildStudent, buildTeacher } from './models.js';
import { prepareRegimeData, ROW_LENGTH } from './regime-data.js';
import { tagText } from './saved-tagger.js';
import { sentenceText } from './sentence-text.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const TEXT = [
  'The/at jury/nn said/vbd it/pps did/dod find/vb that/cs many/ap of/in the/at laws/nns are/ber outmoded/jj ./.',
  'The/at old/jj man/nn saw/vbd the/at boat/nn ./.',
  'It/pps was/bedz a/at long/jj day/nn in/in the/at city/nn-tl of/in-tl Atlanta/np-tl ./.',
].join('\n');

/** Ten tiny documents, enough for the 8/1/1 document split to give each side one. */
const documents: BrownDocument[] = Array.from({ length: 10 }, (_, i) => ({ id: `ca${String(i).padStart(2, '0')}`, sentences: parseBrownText(TEXT) }));

function setUp() {
  const data = prepareRegimeData(documents, 'strong', { studentDocuments: 8, devDocuments: 1, minFrequency: 1 });
  const plugin = textModality({ tagSet: data.tagSet });
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: plugin });
  const shape = { inputDim: data.features.inputDim, length: ROW_LENGTH };
  return { data, distillers: container.resolve(DistillerFactory), teacher: buildTeacher(shape), shape };
}

describe('a student run on the example data', () => {
  it('trains to its best dev epoch and scores test without leaking tensors', async () => {
    const { data, distillers, teacher, shape } = setUp();
    const config = { ...QUICK, batchSize: 4, maxEpochs: 3, patience: 1 };
    const context = {
      regime: 'strong',
      distillers,
      modality: 'text',
      teacher,
      buildStudent: (seed: number) => buildStudent(shape, seed),
      train: batchesOf(data.train, config, true),
      dev: batchesOf(data.dev, config, false),
      test: batchesOf(data.test, config, false),
      fingerprint: 'spec',
    };
    const runs: { epochs: number; bestEpoch: number; test: number }[] = [];
    await expectNoTensorLeak(
      async () => {
        const { run } = await runStudent(context, { regime: 'strong', gate: 'loss-compare', seed: 0, settings: { temperature: 2 } }, config);
        runs.push({ epochs: run.epochs, bestEpoch: run.bestEpoch, test: run.test.tokenAccuracy });
      },
      { warmup: 1, steps: 2 },
    );
    // The same seed gives the same run every time.
    expect(runs.slice(1)).toEqual([runs[0], runs[0]]);
    expect(runs[0].epochs).toBeGreaterThanOrEqual(runs[0].bestEpoch + 1);
    expect(runs[0].epochs).toBeLessThanOrEqual(3);
    expect(runs[0].test).toBeGreaterThanOrEqual(0);
    expect(runs[0].test).toBeLessThanOrEqual(1);
    teacher.dispose();
  });

  it('draws masks and tags raw text without leaking tensors', async () => {
    const { data, teacher } = setUp();
    const tagger = { model: teacher, features: data.features, tagSet: data.tagSet };
    await expectNoTensorLeak(() => {
      const masked = maskSentences(teacher, teacher, data, 5);
      // The test document's sentences of 6 words or more, each in its own row.
      expect(masked.map((m) => m.tokens.length)).toEqual([14, 7, 11]);
      expect(masked[1].tokens.map((t) => t.gold)).toEqual(['DET', 'ADJ', 'NOUN', 'VERB', 'DET', 'NOUN', '.']);
      // A text longer than a row goes in windows.
      expect(tagText(tagger, 'The old man saw the boat.')).toHaveLength(7);
      expect(tagText(tagger, Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))).toHaveLength(50);
    });
    teacher.dispose();
  });
});

it('joins corpus tokens into text with each token at its span', () => {
  const { text, tokens } = sentenceText({ words: ['It', "wasn't", '.'], tags: ['PRON', 'VERB', '.'] });
  expect(text).toBe("It wasn't .");
  expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['It', "wasn't", '.']);
});

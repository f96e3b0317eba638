import { createSelectiveContainer, DistillerFactory, initBackend, MODALITY } from '@selective-kd/core';
import { trainStudents } from '@selective-kd/experiments';
import { textModality } from '@selective-kd/text';
import { expectNoTensorLeak } from '@selective-kd/testing';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBrownText, type BrownDocument } from './brown-corpus.js';
import { batchesOf, maskSentences } from './experiment.js';
import { QUICK, type ExperimentConfig } from './experiment-config.js';
import { buildStudent, buildTeacher } from './models.js';
import { tagText } from './saved-tagger.js';
import { prepareTaggingData, sentenceText } from './tagging-data.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const TEXT = [
  'The/at jury/nn said/vbd it/pps did/dod find/vb that/cs many/ap of/in the/at laws/nns are/ber outmoded/jj ./.',
  'The/at old/jj man/nn saw/vbd the/at boat/nn ./.',
  'It/pps was/bedz a/at long/jj day/nn in/in the/at city/nn-tl of/in-tl Atlanta/np-tl ./.',
].join('\n');

/** Ten tiny documents, enough for the 8/1/1 document split to give each side one. */
const documents: BrownDocument[] = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, sentences: parseBrownText(TEXT) }));
const config: ExperimentConfig = { ...QUICK, trainDocuments: 8, testDocuments: 1, length: 8, batchSize: 4, seeds: [0], gates: ['none', 'loss-compare'], minFrequency: 1 };

function setUp() {
  const data = prepareTaggingData(documents, config);
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: textModality({ tagSet: data.tagSet }) });
  const teacher = buildTeacher({ inputDim: data.features.inputDim, length: config.length });
  return { data, distillers: container.resolve(DistillerFactory), teacher };
}

describe('the training loop', () => {
  it('trains and scores students without leaking tensors', async () => {
    const { data, distillers, teacher } = setUp();
    const runs: number[] = [];
    await expectNoTensorLeak(
      async () => {
        const done = await trainStudents({
          distillers,
          modality: 'text',
          teacher,
          buildStudent: (seed) => buildStudent({ inputDim: data.features.inputDim, length: config.length }, seed),
          train: batchesOf(data.train, config, true),
          test: batchesOf(data.test, config, false),
          config,
        });
        runs.push(done.length);
      },
      { warmup: 1, steps: 2 },
    );
    expect(runs).toEqual([2, 2, 2]);
    teacher.dispose();
  });

  it('draws masks and tags raw text without leaking tensors', async () => {
    const { data, teacher } = setUp();
    const tagger = { model: teacher, features: data.features, tagSet: data.tagSet };
    await expectNoTensorLeak(() => {
      const masked = maskSentences(teacher, teacher, data, config, 2);
      expect(masked.map((m) => m.tokens.length)).toEqual([7]);
      // Only the test sentence of 6–8 words fits one row of 8. A text longer than a row goes in windows.
      expect(tagText(tagger, 'The old man saw the boat.')).toHaveLength(7);
      expect(tagText(tagger, 'one two three four five six seven eight nine ten')).toHaveLength(10);
    });
    teacher.dispose();
  });
});

it('joins corpus tokens into text with each token at its span', () => {
  const { text, tokens } = sentenceText({ words: ['It', "wasn't", '.'], tags: ['PRON', 'VERB', '.'] });
  expect(text).toBe("It wasn't .");
  expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['It', "wasn't", '.']);
});

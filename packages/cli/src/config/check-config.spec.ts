import { SelectiveKdError } from '@selective-kd/core';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { checkConfig } from './check-config.js';
import { didYouMean } from './did-you-mean.js';

const SOURCE = '/data/configs/distill.json';
const minimal = { modality: 'pixel', data: 'pixel', student: { architecture: 'conv-stack' }, output: 'runs/a' };

function faultOf(config: unknown): string {
  try {
    checkConfig(config, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toBeInstanceOf(SelectiveKdError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('checkConfig', () => {
  it('fills in every default and resolves paths from the config file’s folder', () => {
    const config = checkConfig(minimal, SOURCE);
    expect(config.modality).toEqual({ name: 'pixel', ignoreLabel: 255 });
    expect(config.data).toEqual({
      train: '/data/configs/pixel/train',
      dev: '/data/configs/pixel/dev',
      test: '/data/configs/pixel/test',
      classes: '/data/configs/pixel/classes.json',
    });
    expect(config.student).toEqual({ architecture: 'conv-stack', sizes: { filters: 16, layers: 3 } });
    expect(config.training).toEqual({ epochs: 10, batchSize: 8, learningRate: 0.001, seed: 0, patience: 5 });
    expect(config.selective.gate).toBe('none');
    expect(config.teacher).toBeUndefined();
    expect(config.output).toBe('/data/configs/runs/a');
    expect(config.pictures).toBe(4);
  });

  it('defaults the gate to loss-compare when there is a teacher', () => {
    const config = checkConfig({ ...minimal, teacher: 'runs/t' }, SOURCE);
    expect(config.selective).toEqual({ gate: 'loss-compare', margin: 0, temperature: 1, alpha: 1, lambda: 1, groundTruthScope: 'all', normalizer: 'valid' });
    expect(config.teacher).toBe('/data/configs/runs/t');
  });

  it('names the text files of a data folder and takes the modality’s options', () => {
    const config = checkConfig({ ...minimal, modality: { name: 'text', length: 16, format: 'conll2003', tagColumn: 3 }, student: { architecture: 'lookup-tagger' } }, SOURCE);
    expect(config.data.train).toBe('/data/configs/pixel/train.conllu');
    expect(config.modality).toEqual({ name: 'text', format: 'conll2003', tagColumn: 3, length: 16, minFrequency: 1, lowercase: true });
  });

  it('takes explicit split paths and a student model.json', () => {
    const config = checkConfig(
      { ...minimal, modality: 'audio', data: { train: 'a', dev: 'b', test: 'c' }, student: { model: 'm/model.json' } },
      SOURCE,
    );
    expect(config.data).toEqual({ train: '/data/configs/a', dev: '/data/configs/b', test: '/data/configs/c' });
    expect(config.student).toEqual({ model: '/data/configs/m/model.json' });
    expect(checkConfig(minimal).output).toBe(resolve('runs/a'));
  });

  it.each([
    ['not an object', [], 'config must be an object; got []'],
    ['no modality', { ...minimal, modality: undefined }, "config.modality must be given: one of 'pixel', 'text', 'audio'"],
    ['a misspelt modality', { ...minimal, modality: 'pixels' }, `config.modality must be one of "pixel", "text", "audio"; got "pixels" (did you mean 'pixel'?)`],
    ['an unknown top-level field', { ...minimal, epochs: 3 }, 'config.epochs is not a known field'],
    ['a misspelt top-level field', { ...minimal, teacherr: 'x' }, "config.teacherr is not a known field (did you mean 'teacher'?)"],
    ['a batch size as a string', { ...minimal, training: { batchSize: '8' } }, 'config.training.batchSize must be a whole number ≥ 1 and ≤ 65536; got "8"'],
    ['a fractional epoch count', { ...minimal, training: { epochs: 2.5 } }, 'config.training.epochs must be a whole number ≥ 1'],
    ['a zero learning rate', { ...minimal, training: { learningRate: 0 } }, 'config.training.learningRate must be a number > 0 and ≤ 10; got 0'],
    ['a misspelt training field', { ...minimal, training: { patiense: 2 } }, "config.training.patiense is not a known field (did you mean 'patience'?)"],
    ['a distilling gate without a teacher', { ...minimal, selective: { gate: 'loss-compare' } }, "config.selective.gate must be 'none' (or left out) when there is no config.teacher"],
    ['an unknown gate', { ...minimal, teacher: 't', selective: { gate: 'loss_compare' } }, `config.selective.gate must be one of "loss-compare"`],
    ['a negative temperature', { ...minimal, teacher: 't', selective: { temperature: -1 } }, 'config.selective.temperature must be > 0'],
    ['an unknown selective field', { ...minimal, selective: { tau: 2 } }, 'config.selective.tau is not a known field'],
    ['no student', { ...minimal, student: undefined }, "config.student must be given: { \"architecture\": one of 'conv-stack', 'encoder-decoder'"],
    ['an architecture of another modality', { ...minimal, student: { architecture: 'conv-tagger' } }, 'config.student.architecture must be one of "conv-stack", "encoder-decoder"; got "conv-tagger"'],
    ['a size option the architecture lacks', { ...minimal, student: { architecture: 'encoder-decoder', layers: 2 } }, "config.student.layers is not a known field; the 'encoder-decoder' architecture's fields are architecture, filters"],
    ['a size out of range', { ...minimal, student: { architecture: 'conv-stack', filters: 0 } }, 'config.student.filters must be a whole number ≥ 1 and ≤ 512; got 0'],
    ['a model student with extra fields', { ...minimal, student: { model: 'm.json', filters: 3 } }, 'config.student.filters is not a known field'],
    ['no output', { ...minimal, output: undefined }, 'config.output must be given'],
    ['an empty output', { ...minimal, output: '' }, 'config.output must be a file or folder path (a non-empty string); got ""'],
    ['no data', { ...minimal, data: undefined }, 'config.data must be given'],
    ['data without a test split', { ...minimal, data: { train: 'a', dev: 'b', classes: 'c' } }, 'config.data.test must be given'],
    ['classes for text data', { ...minimal, modality: 'text', student: { architecture: 'conv-tagger' }, data: { train: 'a', dev: 'b', test: 'c', classes: 'd' } }, 'config.data.classes is not a known field'],
    ['a pixel option on text', { ...minimal, modality: { name: 'text', ignoreLabel: 3 } }, 'config.modality.ignoreLabel is not a known field'],
    ['three-and-a-half channels', { ...minimal, modality: { name: 'pixel', channels: 2 } }, 'config.modality.channels must be one of 1, 3; got 2'],
    ['a window that is no power of two', { ...minimal, modality: { name: 'audio', windowSize: 1000 } }, 'config.modality.windowSize must be a power of two; got 1000'],
    ['an unknown granularity', { ...minimal, modality: { name: 'audio', granularity: 'note' } }, 'config.modality.granularity must be one of "frame", "frame-note"'],
    ['a lowercase flag as a string', { ...minimal, modality: { name: 'text', lowercase: 'yes' } }, 'config.modality.lowercase must be true or false; got "yes"'],
    ['an unknown backend', { ...minimal, backend: 'webgl' }, 'config.backend must be one of "node-gpu", "node", "wasm", "cpu"; got "webgl"'],
    ['negative pictures', { ...minimal, pictures: -1 }, 'config.pictures must be a whole number ≥ 0'],
  ])('refuses %s, naming the field', (_, config, message) => {
    const fault = faultOf(config);
    expect(fault.startsWith(`${SOURCE}: `)).toBe(true);
    expect(fault).toContain(message);
  });
});

describe('didYouMean', () => {
  it('suggests a near name and nothing for a far one', () => {
    expect(didYouMean('batchsize', ['batchSize', 'epochs'])).toBe(" (did you mean 'batchSize'?)");
    expect(didYouMean('lr', ['learningRate', 'seed'])).toBe('');
    expect(didYouMean(join('x'), [])).toBe('');
  });
});

import { initBackend, passOver, SelectiveKdError, type Batch, type BatchSource } from '@selective-kd/core';
import { Vocabulary } from '@selective-kd/text';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../config/check-config.js';
import { writeExampleData } from '../example-data/write-example-data.js';
import { runCli } from '../run-cli.js';
import { prepareTask } from './prepare-task.js';
import type { TaskMetadata } from './task-metadata.js';
import { teacherView } from './teacher-view.js';

let work: string;

beforeAll(async () => {
  await initBackend('wasm');
  work = mkdtempSync(join(tmpdir(), 'selective-kd-tasks-'));
  await writeExampleData(join(work, 'data'));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function configFor(modality: object, student: object, extra: object = {}) {
  return checkConfig({ modality, data: join(work, 'data', (modality as { name: string }).name), student, output: join(work, 'out'), ...extra });
}

async function firstOf(source: BatchSource): Promise<Batch> {
  for await (const batch of passOver(source)) return batch;
  throw new Error('no batches');
}

describe('the text task', () => {
  const text = { name: 'text', length: 24 };
  const student = { architecture: 'conv-tagger' };

  it('feeds a teacher with another vocabulary its own word ids as teacherInputs', async () => {
    const plain = await prepareTask(configFor(text, student));
    const words = (plain.metadata as Extract<TaskMetadata, { modality: 'text' }>).vocabulary;
    // The teacher's vocabulary: the same words in reverse order behind <pad> and <unk>.
    const theirs = ['<pad>', '<unk>', ...words.slice(2).reverse()];
    const known = { ...(plain.metadata as Extract<TaskMetadata, { modality: 'text' }>), vocabulary: theirs };
    const task = await prepareTask(configFor(text, student), known);
    const batch = await firstOf(task.dev);
    expect(batch.teacherInputs).toBeDefined();
    const ours = Vocabulary.fromJSON({ format: 'selective-kd-vocabulary', version: 1, lowercase: true, words });
    const teachers = Vocabulary.fromJSON({ format: 'selective-kd-vocabulary', version: 1, lowercase: true, words: theirs });
    const [studentIds, teacherIds] = [batch.inputs as tf.Tensor, batch.teacherInputs as tf.Tensor].map((t) => Array.from(t.dataSync()));
    expect((batch.teacherInputs as tf.Tensor).shape).toEqual((batch.inputs as tf.Tensor).shape);
    expect(teacherIds).not.toEqual(studentIds);
    expect(teachers.decode(teacherIds)).toEqual(ours.decode(studentIds));
    tf.dispose(batch as unknown as tf.TensorContainer);
  });

  it('gives no teacherInputs when the teacher has the student’s vocabulary, and adopts a known tag order', async () => {
    const plain = await prepareTask(configFor(text, student));
    const metadata = plain.metadata as Extract<TaskMetadata, { modality: 'text' }>;
    const reversed = [...metadata.tags].reverse();
    const task = await prepareTask(configFor(text, student), { ...metadata, tags: reversed });
    expect((task.metadata as typeof metadata).tags).toEqual(reversed);
    const batch = await firstOf(task.train);
    expect(batch.teacherInputs).toBeUndefined();
    tf.dispose(batch as unknown as tf.TensorContainer);
  });

  it('refuses a model that lacks some of the data’s tags, or reads rows of another length', async () => {
    const plain = await prepareTask(configFor(text, student));
    const metadata = plain.metadata as Extract<TaskMetadata, { modality: 'text' }>;
    await expect(prepareTask(configFor(text, student), { ...metadata, tags: metadata.tags.slice(1) })).rejects.toThrow(
      `but the data also has [${metadata.tags[0]}]`,
    );
    await expect(prepareTask(configFor(text, student), { ...metadata, length: 16 })).rejects.toThrow('set config.modality.length to 16');
  });
});

describe('the text task on CoNLL-2003 style files', () => {
  it('reads the tag column it is told and scores BIO tags with span F1', async () => {
    const dir = join(work, 'ner');
    mkdirSync(dir);
    const sentence = (words: string[][]) => words.map(([word, pos, tag]) => `${word} ${pos} ${tag}`).join('\n');
    const text = [
      '-DOCSTART- -X- O',
      '',
      sentence([['Anna', 'NNP', 'B-PER'], ['lives', 'VBZ', 'O'], ['in', 'IN', 'O'], ['New', 'NNP', 'B-LOC'], ['York', 'NNP', 'I-LOC']]),
      '',
      sentence([['Bob', 'NNP', 'B-PER'], ['sleeps', 'VBZ', 'O']]),
      '',
    ].join('\n');
    for (const split of ['train', 'dev', 'test']) writeFileSync(join(dir, `${split}.txt`), text);
    const data = Object.fromEntries(['train', 'dev', 'test'].map((split) => [split, join(dir, `${split}.txt`)]));
    const ner = await prepareTask(checkConfig({ modality: { name: 'text', format: 'conll2003', length: 8 }, data, student: { architecture: 'lookup-tagger' }, output: join(work, 'o') }));
    expect((ner.metadata as Extract<TaskMetadata, { modality: 'text' }>).tags).toEqual(['B-PER', 'O', 'B-LOC', 'I-LOC']);
    expect(Object.keys(ner.modality.createMetrics().result())).toContain('spanF1');
    const pos = await prepareTask(checkConfig({ modality: { name: 'text', format: 'conll2003', tagColumn: 1, length: 8 }, data, student: { architecture: 'lookup-tagger' }, output: join(work, 'o') }));
    expect((pos.metadata as Extract<TaskMetadata, { modality: 'text' }>).tags).toEqual(['NNP', 'VBZ', 'IN']);
  });
});

describe('the audio task', () => {
  const audio = { name: 'audio' };
  const student = { architecture: 'frame-dense' };

  it('feeds a teacher standardised otherwise the same log-mel values standardised its way', async () => {
    const plain = await prepareTask(configFor(audio, student));
    const metadata = plain.metadata as Extract<TaskMetadata, { modality: 'audio' }>;
    const theirs = { mean: metadata.scaling.mean + 1.5, std: metadata.scaling.std * 2 };
    const task = await prepareTask(configFor(audio, student), { ...metadata, scaling: theirs });
    const batch = await firstOf(task.test);
    const ours = metadata.scaling;
    const raw = (t: tf.Tensor, s: { mean: number; std: number }) => Array.from(t.dataSync(), (v) => v * s.std + s.mean);
    const [fromStudent, fromTeacher] = [raw(batch.inputs as tf.Tensor, ours), raw(batch.teacherInputs as tf.Tensor, theirs)];
    expect(fromTeacher.length).toBe(fromStudent.length);
    for (let i = 0; i < fromStudent.length; i += 97) expect(fromTeacher[i]).toBeCloseTo(fromStudent[i], 3);
    tf.dispose(batch as unknown as tf.TensorContainer);
  });

  it('refuses a model trained on other frames, naming the config field', async () => {
    const plain = await prepareTask(configFor(audio, student));
    const metadata = plain.metadata as Extract<TaskMetadata, { modality: 'audio' }>;
    await expect(prepareTask(configFor(audio, student), { ...metadata, features: { ...metadata.features, hopSize: 256 } })).rejects.toThrow(
      'config.modality.hopSize must be 256 (got 512)',
    );
  });
});

describe('the pixel task', () => {
  it('refuses a model trained on other classes', async () => {
    const known: TaskMetadata = { modality: 'pixel', classes: ['background', 'cat'], height: 32, width: 32, channels: 1, ignoreLabel: 255 };
    const promise = prepareTask(configFor({ name: 'pixel' }, { architecture: 'conv-stack' }), known);
    await expect(promise).rejects.toThrow(SelectiveKdError);
    await expect(prepareTask(configFor({ name: 'pixel' }, { architecture: 'conv-stack' }), known)).rejects.toThrow(
      'the model was trained on the classes [background, cat]',
    );
  });
});

describe('teacherView', () => {
  it('hands the teacher its inputs and frees the student’s, leaving no tensor behind', async () => {
    const source = () => [0, 1, 2].map(() => ({ inputs: tf.ones([2, 3]), teacherInputs: tf.zeros([2, 5]), labels: tf.zeros([2], 'int32') }));
    const before = tf.memory().numTensors;
    const seen: number[][] = [];
    for await (const batch of passOver(teacherView(source))) {
      seen.push((batch.inputs as tf.Tensor).shape);
      expect(batch.teacherInputs).toBeUndefined();
      tf.dispose(batch as unknown as tf.TensorContainer);
    }
    expect(seen).toEqual([[2, 5], [2, 5], [2, 5]]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the training path', () => {
  const students = {
    pixel: [{ architecture: 'encoder-decoder', filters: 4 }, { architecture: 'conv-stack', filters: 4, layers: 1 }],
    text: [{ architecture: 'conv-tagger', filters: 8 }, { architecture: 'lookup-tagger', embedding: 4 }],
    audio: [{ architecture: 'conv-frames', filters: 4 }, { architecture: 'frame-dense', hidden: 0 }],
  };

  it.each(Object.entries(students))('leaves the tensor count flat across whole %s distill and evaluate runs', async (modality, [teacher, student]) => {
    const configFile = join(work, `flat-${modality}.json`);
    const write = (config: object) => writeFileSync(configFile, JSON.stringify(config));
    const base = { modality, data: `data/${modality}`, backend: 'wasm', training: { epochs: 1, batchSize: 16 }, pictures: 2 };
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    write({ ...base, student: teacher, output: `runs/${modality}-teacher` });
    expect(await runCli(['distill', '--config', configFile], io)).toBe(0);
    const afterFirst = tf.memory().numTensors;
    write({ ...base, teacher: `runs/${modality}-teacher`, student, output: `runs/${modality}-student` });
    expect(await runCli(['distill', '--config', configFile], io)).toBe(0);
    expect(await runCli(['evaluate', '--config', configFile], io)).toBe(0);
    expect(tf.memory().numTensors).toBe(afterFirst);
  }, 120_000);
});

describe('a teacher that reads differently from its student, through distill', () => {
  const io = { stdout: { write: () => true }, stderr: { write: () => true } };
  const results = (run: string) => JSON.parse(readFileSync(join(work, 'runs', run, 'results.json'), 'utf8'));
  const distill = async (name: string, config: object) => {
    writeFileSync(join(work, `${name}.json`), JSON.stringify({ backend: 'wasm', training: { epochs: 1 }, pictures: 1, output: `runs/${name}`, ...config }));
    return runCli(['distill', '--config', join(work, `${name}.json`)], io);
  };

  it('feeds a text teacher with another vocabulary its own word ids: it scores as in its own run', async () => {
    const modality = { name: 'text', length: 24 };
    expect(await distill('vocab-teacher', { modality: { ...modality, minFrequency: 40 }, data: 'data/text', student: { architecture: 'conv-tagger' } })).toBe(0);
    expect(await distill('vocab-student', { modality, data: 'data/text', teacher: 'runs/vocab-teacher', student: { architecture: 'lookup-tagger' } })).toBe(0);
    const words = (run: string) => JSON.parse(readFileSync(join(work, 'runs', run, 'vocabulary.json'), 'utf8')).words.length;
    expect(words('vocab-teacher')).toBeLessThan(words('vocab-student'));
    expect(results('vocab-student').test.teacher).toEqual(results('vocab-teacher').test.student);
  }, 60_000);

  it('frees the loaded teacher when the run fails before training', async () => {
    const before = tf.memory().numTensors;
    // The teacher reads rows of 24 tokens; a student config of 16 is refused after the teacher has loaded.
    expect(await distill('refused', { modality: { name: 'text', length: 16 }, data: 'data/text', teacher: 'runs/vocab-teacher', student: { architecture: 'lookup-tagger' } })).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('feeds an audio teacher standardised on other clips its own scaling: it scores as in its own run', async () => {
    const data = (train: string) => Object.fromEntries(['train', 'dev', 'test'].map((split) => [split, `data/audio/${split === 'train' ? train : split}`]));
    expect(await distill('scaled-teacher', { modality: 'audio', data: data('dev'), student: { architecture: 'frame-dense' } })).toBe(0);
    expect(await distill('scaled-student', { modality: 'audio', data: data('train'), teacher: 'runs/scaled-teacher', student: { architecture: 'frame-dense' } })).toBe(0);
    const scaling = (run: string) => JSON.parse(readFileSync(join(work, 'runs', run, 'task.json'), 'utf8')).task.scaling;
    expect(scaling('scaled-teacher')).not.toEqual(scaling('scaled-student'));
    const [theirs, ours] = [results('scaled-student').test.teacher, results('scaled-teacher').test.student];
    expect(theirs.loss).toBeCloseTo(ours.loss, 4);
    for (const [name, value] of Object.entries(ours.metrics)) expect(theirs.metrics[name]).toBeCloseTo(value as number, 4);
  }, 60_000);
});

import { BACKEND_ORDER, GATES, resolveSelectiveOptions, type SelectiveOptions } from '@selective-kd/core';
import { dirname, join, resolve } from 'node:path';
import { ARCHITECTURES } from '../architectures/architectures.js';
import { UsageError } from '../usage-error.js';
import { didYouMean } from './did-you-mean.js';
import {
  TRAINING_DEFAULTS,
  type DataConfig,
  type DistillConfig,
  type ModalityConfig,
  type ModalityName,
  type StudentConfig,
  type TrainingConfig,
} from './distill-config.js';

type Json = Record<string, unknown>;

const MODALITIES: readonly ModalityName[] = ['pixel', 'text', 'audio'];
const TOP_LEVEL = ['modality', 'data', 'teacher', 'student', 'selective', 'training', 'backend', 'output', 'pictures'];
const MODALITY_FIELDS: Record<ModalityName, string[]> = {
  pixel: ['name', 'ignoreLabel', 'channels'],
  text: ['name', 'format', 'tokenColumn', 'tagColumn', 'length', 'minFrequency', 'lowercase'],
  audio: ['name', 'sampleRate', 'windowSize', 'hopSize', 'melBands', 'frames', 'context', 'granularity'],
};
const SELECTIVE_FIELDS = ['gate', 'margin', 'temperature', 'alpha', 'lambda', 'groundTruthScope', 'normalizer'];

/**
 * Checks a parsed `distill.json` and fills in its defaults. The first fault
 * found is thrown as one `UsageError` naming the field's path, what it allows
 * and what it got; unknown fields are faults too, with a did-you-mean.
 * Relative paths are taken from the config file's folder (`source`).
 */
export function checkConfig(json: unknown, source = '<config>'): DistillConfig {
  const at = new Fields(source);
  const config = at.object(json, 'config');
  at.known(config, 'config', TOP_LEVEL);
  const base = source === '<config>' ? process.cwd() : dirname(resolve(source));
  const path = (value: unknown, field: string) => resolve(base, at.string(value, field, 'a file or folder path'));

  const modality = checkModality(at, config.modality);
  const teacher = config.teacher === undefined ? undefined : path(config.teacher, 'config.teacher');
  const selective = checkSelective(at, config.selective, teacher !== undefined);
  const backend = config.backend === undefined ? undefined : at.oneOf(config.backend, 'config.backend', BACKEND_ORDER);
  if (config.output === undefined) at.fail('config.output', 'must be given: the folder the student, logs and results go to');
  return {
    source,
    modality,
    data: checkData(at, config.data, modality.name, path),
    ...(teacher === undefined ? {} : { teacher }),
    student: checkStudent(at, config.student, modality.name, path),
    selective,
    training: checkTraining(at, config.training),
    ...(backend === undefined ? {} : { backend }),
    output: path(config.output, 'config.output'),
    pictures: config.pictures === undefined ? 4 : at.integer(config.pictures, 'config.pictures', 0, 1000),
  };
}

function checkModality(at: Fields, value: unknown): ModalityConfig {
  if (value === undefined) at.fail('config.modality', `must be given: one of ${MODALITIES.map((m) => `'${m}'`).join(', ')}, or an object { "name": ..., options }`);
  const given = typeof value === 'string' ? { name: value } : at.object(value, 'config.modality');
  const name = at.oneOf(given.name, typeof value === 'string' ? 'config.modality' : 'config.modality.name', MODALITIES);
  at.known(given, 'config.modality', MODALITY_FIELDS[name]);
  const field = (key: string) => `config.modality.${key}`;
  const optionalInt = (key: string, min: number, max: number) => (given[key] === undefined ? undefined : at.integer(given[key], field(key), min, max));
  const int = (key: string, fallback: number, min: number, max: number) => optionalInt(key, min, max) ?? fallback;
  switch (name) {
    case 'pixel': {
      const channels = given.channels === undefined ? undefined : at.oneOf(given.channels, field('channels'), [1, 3] as const);
      return { name, ignoreLabel: int('ignoreLabel', 255, 0, 65535), ...(channels === undefined ? {} : { channels }) };
    }
    case 'text': {
      const tokenColumn = optionalInt('tokenColumn', 0, 100);
      const tagColumn = optionalInt('tagColumn', 0, 100);
      return {
        name,
        format: given.format === undefined ? 'auto' : at.oneOf(given.format, field('format'), ['auto', 'conllu', 'conll2003'] as const),
        ...(tokenColumn === undefined ? {} : { tokenColumn }),
        ...(tagColumn === undefined ? {} : { tagColumn }),
        length: int('length', 32, 1, 4096),
        minFrequency: int('minFrequency', 1, 1, 1_000_000),
        lowercase: given.lowercase === undefined ? true : at.boolean(given.lowercase, field('lowercase')),
      };
    }
    case 'audio': {
      const windowSize = int('windowSize', 1024, 4, 65536);
      if ((windowSize & (windowSize - 1)) !== 0) at.fail(field('windowSize'), `must be a power of two; got ${windowSize}`);
      return {
        name,
        sampleRate: int('sampleRate', 16000, 1000, 192000),
        windowSize,
        hopSize: int('hopSize', 512, 1, 65536),
        melBands: int('melBands', 48, 1, 512),
        frames: int('frames', 32, 1, 4096),
        context: int('context', 2, 0, 256),
        granularity: given.granularity === undefined ? 'frame' : at.oneOf(given.granularity, field('granularity'), ['frame', 'frame-note'] as const),
      };
    }
  }
}

function checkData(at: Fields, value: unknown, modality: ModalityName, path: (v: unknown, f: string) => string): DataConfig {
  if (value === undefined) at.fail('config.data', 'must be given: the data folder, or { "train", "dev", "test" } paths');
  if (typeof value === 'string') {
    const folder = path(value, 'config.data');
    if (modality === 'text') return { train: join(folder, 'train.conllu'), dev: join(folder, 'dev.conllu'), test: join(folder, 'test.conllu') };
    return {
      train: join(folder, 'train'),
      dev: join(folder, 'dev'),
      test: join(folder, 'test'),
      ...(modality === 'pixel' ? { classes: join(folder, 'classes.json') } : {}),
    };
  }
  const data = at.object(value, 'config.data', 'a folder path or { "train", "dev", "test" }');
  at.known(data, 'config.data', modality === 'pixel' ? ['train', 'dev', 'test', 'classes'] : ['train', 'dev', 'test']);
  const split = (key: string) => {
    if (data[key] === undefined) at.fail(`config.data.${key}`, `must be given (the ${key} split's ${modality === 'text' ? 'file' : 'folder'})`);
    return path(data[key], `config.data.${key}`);
  };
  return {
    train: split('train'),
    dev: split('dev'),
    test: split('test'),
    ...(modality === 'pixel' ? { classes: split('classes') } : {}),
  };
}

function checkStudent(at: Fields, value: unknown, modality: ModalityName, path: (v: unknown, f: string) => string): StudentConfig {
  const named = Object.keys(ARCHITECTURES[modality]);
  const allowed = `{ "architecture": one of ${named.map((n) => `'${n}'`).join(', ')}, size options } or { "model": "path/model.json" }`;
  if (value === undefined) at.fail('config.student', `must be given: ${allowed}`);
  const student = at.object(value, 'config.student', allowed);
  if (student.model !== undefined) {
    at.known(student, 'config.student', ['model']);
    return { model: path(student.model, 'config.student.model') };
  }
  if (student.architecture === undefined) at.fail('config.student', `must be ${allowed}`);
  const name = at.oneOf(student.architecture, 'config.student.architecture', named);
  const { sizes } = ARCHITECTURES[modality][name];
  at.known(student, 'config.student', ['architecture', ...Object.keys(sizes)], `the '${name}' architecture's fields`);
  const chosen = Object.fromEntries(
    Object.entries(sizes).map(([key, size]) => [
      key,
      student[key] === undefined ? size.default : at.integer(student[key], `config.student.${key}`, size.min, size.max),
    ]),
  );
  return { architecture: name, sizes: chosen };
}

function checkSelective(at: Fields, value: unknown, hasTeacher: boolean): SelectiveOptions {
  const given = value === undefined ? {} : at.object(value, 'config.selective');
  at.known(given, 'config.selective', SELECTIVE_FIELDS);
  // Without a teacher there is nothing to distil from: the student learns the ground truth alone.
  const gate = given.gate ?? (hasTeacher ? 'loss-compare' : 'none');
  if (!hasTeacher && gate !== 'none') {
    at.fail('config.selective.gate', `must be 'none' (or left out) when there is no config.teacher: gate ${JSON.stringify(gate)} needs a teacher`);
  }
  if (!GATES.includes(gate as never)) at.oneOf(gate, 'config.selective.gate', GATES);
  try {
    return resolveSelectiveOptions({ ...given, gate } as Partial<SelectiveOptions>);
  } catch (error) {
    // The core's message starts with the option's name; give it its place in the config.
    throw new UsageError(`${at.source}: config.selective.${(error as Error).message}`);
  }
}

function checkTraining(at: Fields, value: unknown): TrainingConfig {
  const given = value === undefined ? {} : at.object(value, 'config.training');
  at.known(given, 'config.training', Object.keys(TRAINING_DEFAULTS));
  const field = (key: keyof TrainingConfig) => `config.training.${key}`;
  const int = (key: keyof TrainingConfig, min: number, max: number) =>
    given[key] === undefined ? TRAINING_DEFAULTS[key] : at.integer(given[key], field(key), min, max);
  let learningRate = TRAINING_DEFAULTS.learningRate;
  if (given.learningRate !== undefined) {
    const lr = given.learningRate;
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0 || lr > 10) at.fail(field('learningRate'), `must be a number > 0 and ≤ 10; got ${JSON.stringify(lr)}`);
    learningRate = lr as number;
  }
  return {
    epochs: int('epochs', 1, 100_000),
    batchSize: int('batchSize', 1, 65_536),
    learningRate,
    seed: int('seed', 0, 2 ** 31 - 1),
    patience: int('patience', 0, 100_000),
  };
}

/** Field checks that throw one `UsageError` naming the config file, the field's path, what is allowed and what was given. */
class Fields {
  constructor(readonly source: string) {}

  fail(field: string, rule: string): never {
    throw new UsageError(`${this.source}: ${field} ${rule}`);
  }

  object(value: unknown, field: string, what = 'an object'): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, `must be ${what}; got ${show(value)}`);
    return value as Json;
  }

  known(value: Json, field: string, fields: readonly string[], whose = 'its fields'): void {
    for (const key of Object.keys(value)) {
      if (!fields.includes(key)) this.fail(`${field}.${key}`, `is not a known field${didYouMean(key, fields)}; ${whose} are ${fields.join(', ')}`);
    }
  }

  string(value: unknown, field: string, what: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(field, `must be ${what} (a non-empty string); got ${show(value)}`);
    return value as string;
  }

  boolean(value: unknown, field: string): boolean {
    if (typeof value !== 'boolean') this.fail(field, `must be true or false; got ${show(value)}`);
    return value as boolean;
  }

  integer(value: unknown, field: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `must be a whole number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}; got ${show(value)}`);
    }
    return value as number;
  }

  oneOf<T>(value: unknown, field: string, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) {
      const hint = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : '';
      this.fail(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}; got ${show(value)}${hint}`);
    }
    return value as T;
  }
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

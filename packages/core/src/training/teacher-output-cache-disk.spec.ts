import { selectiveKdRejection } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import type { Batch } from './batch.js';
import { TeacherOutputCache } from './teacher-output-cache.js';
import { MANIFEST_FILE, TeacherOutputCacheDisk } from './teacher-output-cache-disk.js';

// 7 examples of 2 items × 3 features, 5 classes; shards of 3 rows, so the last holds one.
const EXAMPLES = 7;
const SHAPE = [2, 3]; // items × features
const CLASSES = 5;

beforeAll(async () => {
  await initBackend('cpu');
});

/** Example i has inputs i + 0.01·j; `change` adds 1 to one value of one example. */
function source(change?: { example: number }) {
  return function* (): Generator<Batch> {
    for (let start = 0; start < EXAMPLES; start += 2) {
      const rows = Array.from({ length: Math.min(2, EXAMPLES - start) }, (_, k) => start + k);
      const values = rows.flatMap((i) => Array.from({ length: 6 }, (_, j) => i + 0.01 * j + (change?.example === i && j === 4 ? 1 : 0)));
      yield { inputs: tf.tensor3d(values, [rows.length, 2, 3]), labels: tf.zeros([rows.length, 2], 'int32'), indices: rows };
    }
  };
}

/** A dense teacher whose predict calls are counted. */
function countedTeacher(seed = 3) {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: SHAPE, kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
  const counted = { calls: 0, weights: model.weights, predict: (x: tf.Tensor | tf.Tensor[]) => (counted.calls++, model.predict(x)), model };
  return counted;
}

const folder = () => mkdtempSync(join(tmpdir(), 'teacher-outputs-'));
const all = (cache: TeacherOutputCache) => tf.tidy(() => Array.from(cache.gather([0, 1, 2, 3, 4, 5, 6]).dataSync()));

describe('TeacherOutputCache on disk', () => {
  it('writes shards by example index and a manifest, and reads them back identically, whole or lazily', async () => {
    const dir = folder();
    const teacher = countedTeacher();
    const made = await TeacherOutputCache.compute(teacher, source(), { dir, shardRows: 3, storage: 'float16' });
    expect(made.origin).toBe('teacher');
    expect(readdirSync(dir).sort()).toEqual(['shard-00000.bin', 'shard-00001.bin', 'shard-00002.bin', MANIFEST_FILE]);
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest).toMatchObject({ rows: 7, rowShape: [2, 5], storage: 'float16', shardRows: 3, bytesPerRow: 20, fingerprint: made.fingerprint });
    // Header (40 bytes) + 3 rows of 20 bytes; the last shard has one row.
    expect(readFileSync(join(dir, 'shard-00000.bin')).byteLength).toBe(100);
    expect(readFileSync(join(dir, 'shard-00002.bin')).byteLength).toBe(60);

    const whole = await TeacherOutputCache.compute(teacher, source(), { dir, storage: 'float16' });
    expect(whole.origin).toBe('disk');
    expect(all(whole)).toEqual(all(made));
    const lazy = await TeacherOutputCache.compute(teacher, source(), { dir, storage: 'float16', load: 'lazy' });
    expect(lazy.byteLength).toBe(0);
    tf.dispose(lazy.gather([4]));
    expect(lazy.byteLength).toBe(60); // only shard 1 was read
    expect(all(lazy)).toEqual(all(made));
    expect(teacher.calls).toBe(4); // the first compute's 4 batches; the reuses never ran it
  });

  it('recomputes when one teacher weight or one input changes, and not otherwise', async () => {
    const dir = folder();
    const teacher = countedTeacher();
    const first = await TeacherOutputCache.compute(teacher, source(), { dir });
    expect(teacher.calls).toBe(4);
    // The same weights in a freshly built model (other layer names) are the same teacher.
    const rebuilt = countedTeacher();
    expect((await TeacherOutputCache.compute(rebuilt, source(), { dir })).origin).toBe('disk');
    expect(rebuilt.calls).toBe(0);

    const kernel = teacher.model.layers[0].getWeights()[0];
    const changed = tf.tidy(() => tf.add(kernel, tf.mul(tf.reshape(tf.oneHot([0], kernel.size), kernel.shape), 0.5)));
    teacher.model.layers[0].setWeights([changed, teacher.model.layers[0].getWeights()[1]]);
    const second = await TeacherOutputCache.compute(teacher, source(), { dir });
    expect([second.origin, teacher.calls]).toEqual(['teacher', 8]);
    expect(second.fingerprint.teacher).not.toBe(first.fingerprint.teacher);
    expect(all(second)).not.toEqual(all(first));

    // One input value of example 5 changed: the first pass hashes only, the second runs the teacher.
    const third = await TeacherOutputCache.compute(teacher, source({ example: 5 }), { dir });
    expect([third.origin, teacher.calls]).toEqual(['teacher', 12]);
    expect(third.fingerprint.data).not.toBe(second.fingerprint.data);
    expect(third.fingerprint.teacher).toBe(second.fingerprint.teacher);
    expect(all(third).slice(0, 50)).toEqual(all(second).slice(0, 50)); // examples 0–4 agree
    // Another storage is another cache.
    expect((await TeacherOutputCache.compute(teacher, source({ example: 5 }), { dir, storage: 'float16' })).origin).toBe('teacher');
    expect((await TeacherOutputCache.compute(teacher, source({ example: 5 }), { dir, storage: 'float16' })).origin).toBe('disk');
  });

  it('needs a key for a plain-function teacher, and the key is its fingerprint', async () => {
    const dir = folder();
    const { model } = countedTeacher();
    let calls = 0;
    const teacher = (x: tf.Tensor | tf.Tensor[]) => (calls++, model.predict(x) as tf.Tensor);
    const error = await selectiveKdRejection(TeacherOutputCache.compute(teacher, source(), { dir }));
    expect([error.code, error.message]).toEqual(['INVALID_OPTION', expect.stringContaining('needs options.key for a plain-function teacher')]);
    await TeacherOutputCache.compute(teacher, source(), { dir, key: 'v1' });
    expect((await TeacherOutputCache.compute(teacher, source(), { dir, key: 'v1' })).origin).toBe('disk');
    expect((await TeacherOutputCache.compute(teacher, source(), { dir, key: 'v2' })).origin).toBe('teacher');
    expect(calls).toBe(8);
  });

  it('names the file of a corrupt or truncated shard', async () => {
    const dir = folder();
    const teacher = countedTeacher();
    await TeacherOutputCache.compute(teacher, source(), { dir, shardRows: 3 });
    const shard = join(dir, 'shard-00001.bin');
    const bytes = readFileSync(shard);
    const reuse = (load: 'whole' | 'lazy' = 'whole') => TeacherOutputCache.compute(teacher, source(), { dir, load });
    const failure = async (load: 'whole' | 'lazy' = 'whole') => {
      const error = await selectiveKdRejection(reuse(load).then((cache) => cache.gather([3])));
      expect(error.message).toContain(shard);
      return error.message;
    };

    const flipped = Buffer.from(bytes);
    flipped[100] ^= 1;
    writeFileSync(shard, flipped);
    expect(await failure()).toContain('do not match the hash in its header');
    expect(await failure('lazy')).toContain('do not match the hash');

    truncateSync(shard, bytes.byteLength - 4);
    expect(await failure()).toContain(`it has ${bytes.byteLength - 4} bytes; its 3 rows need ${bytes.byteLength} (truncated?)`);
    truncateSync(shard, 10);
    expect(await failure()).toContain('less than its 40-byte header');

    // A shard of another cache (here: of the same rows from another teacher) is refused too.
    const other = folder();
    await TeacherOutputCache.compute(countedTeacher(9), source(), { dir: other, shardRows: 3 });
    writeFileSync(shard, readFileSync(join(other, 'shard-00001.bin')));
    expect(await failure()).toContain('belongs to another cache');
    expect(teacher.calls).toBe(4);
  });

  it('removes shard files a smaller cache no longer has', async () => {
    const dir = folder();
    const teacher = countedTeacher();
    await TeacherOutputCache.compute(teacher, source(), { dir, shardRows: 1 });
    expect(readdirSync(dir)).toHaveLength(8);
    await TeacherOutputCache.compute(teacher, source(), { dir, shardRows: 4, key: 'another' });
    expect(readdirSync(dir).sort()).toEqual(['shard-00000.bin', 'shard-00001.bin', MANIFEST_FILE]);
    expect(TeacherOutputCacheDisk.shardFile(12)).toBe('shard-00012.bin');
  });
});

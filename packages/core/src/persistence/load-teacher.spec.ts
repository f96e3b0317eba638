import { expectTensorClose, testModality } from '@selective-kd/testing';
import * as tfconv from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { SelectiveDistiller } from '../training/selective-distiller.js';
import { fileSystem } from './file-system.js';
import { loadTeacher } from './load-teacher.js';

const ITEMS = 6;
const FEATURES = 5;
const CLASSES = 4;

beforeAll(async () => {
  await initBackend('cpu');
});

const folder = () => mkdtempSync(join(tmpdir(), 'skd-teacher-'));
const inputs = () => tf.randomNormal([3, ITEMS, FEATURES], 0, 1, 'float32', 8);

/**
 * A graph model as tensorflowjs_converter writes one: x [B, N, F] · W [F, C]
 * (the topology of `matMulGraphModel` in selective-distiller.spec.ts), with W
 * in a weight file beside it.
 */
function writeGraphModel(dir: string, weights: tf.Tensor, format: string | undefined = 'graph-model'): void {
  const dim = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  const modelJson = {
    ...(format === undefined ? {} : { format }),
    generatedBy: '2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim(-1, ITEMS, FEATURES) } } },
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim(FEATURES, CLASSES) } } } },
        { name: 'logits', op: 'BatchMatMulV2', input: ['x', 'w'], attr: { T: { type: 'DT_FLOAT' }, adj_x: { b: false }, adj_y: { b: false } } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'w', shape: [FEATURES, CLASSES], dtype: 'float32' }] }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, 'group1-shard1of1.bin'), weights.dataSync() as Float32Array);
}

function layersTeacher(): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }) })],
  });
}

describe('loadTeacher', () => {
  it("loads a 'layers-model' as a tf.LayersModel", async () => {
    const dir = folder();
    const saved = layersTeacher();
    await saved.save(fileSystem(dir));
    const teacher = await loadTeacher(join(dir, 'model.json'));
    expect(teacher).toBeInstanceOf(tfl.LayersModel);
    expectTensorClose(teacher.predict(inputs()) as tf.Tensor, saved.predict(inputs()) as tf.Tensor);
  });

  it('loads a Keras-converted layers model that has no format, by its model_config topology', async () => {
    const dir = folder();
    const saved = layersTeacher();
    const { data, specs } = await tf.io.encodeWeights(saved.getWeights().map((tensor, i) => ({ name: saved.weights[i].originalName, tensor })));
    const modelJson = {
      modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: saved.toJSON(null, false) },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }],
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
    writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(data));
    const teacher = await loadTeacher(dir);
    expect(teacher).toBeInstanceOf(tfl.LayersModel);
    expectTensorClose(teacher.predict(inputs()) as tf.Tensor, saved.predict(inputs()) as tf.Tensor);
  });

  it("loads a 'graph-model' as a tf.GraphModel, also when an old converter left the format out", async () => {
    const weights = tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 3);
    for (const format of ['graph-model', undefined]) {
      const dir = folder();
      writeGraphModel(dir, weights, format);
      const teacher = await loadTeacher(dir);
      expect(teacher).toBeInstanceOf(tfconv.GraphModel);
      const x = inputs();
      expectTensorClose(teacher.predict(x) as tf.Tensor, tf.reshape(tf.matMul(tf.reshape(x, [-1, FEATURES]), weights), [-1, ITEMS, CLASSES]));
    }
  });

  it('a loaded graph-model teacher trains a student', async () => {
    const dir = folder();
    writeGraphModel(dir, tf.randomNormal([FEATURES, CLASSES], 0, 1, 'float32', 3));
    const distiller = new SelectiveDistiller({ teacher: await loadTeacher(dir), student: layersTeacher(), modality: testModality() });
    const batch = () =>
      tf.tidy(() => ({ inputs: inputs(), labels: tf.cast(tf.randomUniform([3, ITEMS], 0, CLASSES, 'int32', 4), 'int32') }));
    const { history } = await distiller.fit(() => [batch(), batch()], { progress: false });
    expect(Number.isFinite(history[0].loss)).toBe(true);
  });

  it('names a model.json whose kind it cannot tell', async () => {
    const dir = folder();
    writeGraphModel(dir, tf.zeros([FEATURES, CLASSES]), 'tfjs-mystery');
    await expect(loadTeacher(dir)).rejects.toMatchObject({ code: 'INVALID_MODEL' });
    await expect(loadTeacher(dir)).rejects.toThrow(/cannot tell what kind of model .* holds: its format is "tfjs-mystery"/);
  });

  it('names a missing model', async () => {
    await expect(loadTeacher(join(folder(), 'nothing-here'))).rejects.toThrow(/no model at '.*nothing-here\/model\.json'/);
  });
});

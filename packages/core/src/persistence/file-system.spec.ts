import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { fileSystem } from './file-system.js';
import { registerFileSystemRouter } from './register-file-system-router.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const folder = () => mkdtempSync(join(tmpdir(), 'skd-fs-'));

function model(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 3, activation: 'relu', inputShape: [4], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }), biasInitializer: 'ones' }),
    ],
  });
}

function expectSameWeights(actual: tfl.LayersModel, expected: tfl.LayersModel): void {
  const want = expected.getWeights();
  actual.getWeights().forEach((w, i) => expectTensorClose(w, want[i], { rtol: 0, atol: 0 }));
}

describe('fileSystem', () => {
  it('saves a model in the TF.js format and loads it back', async () => {
    const dir = join(folder(), 'nested', 'student');
    const original = model(1);
    const result = await original.save(fileSystem(dir));
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(4 * (4 * 3 + 3 + 3 * 2 + 2));

    const files = readdirSync(dir).sort();
    expect(files).toEqual(['model.json', expect.stringMatching(/^model\.weights\.[0-9a-f]{16}\.bin$/)]);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json).toMatchObject({
      format: 'layers-model',
      generatedBy: expect.stringMatching(/tfjs-layers/),
      modelTopology: { class_name: 'Sequential' },
      weightsManifest: [{ paths: [files[1]], weights: expect.arrayContaining([expect.objectContaining({ shape: [4, 3], dtype: 'float32' })]) }],
    });

    for (const path of [dir, join(dir, 'model.json')]) {
      const loaded = await tfl.loadLayersModel(fileSystem(path));
      expectSameWeights(loaded, original);
      const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
      expectTensorClose(loaded.predict(x) as tf.Tensor, original.predict(x) as tf.Tensor);
      loaded.dispose();
    }
  });

  it('saving again replaces the weight file and removes the old one', async () => {
    const dir = folder();
    await model(1).save(fileSystem(dir));
    const first = readdirSync(dir).find((f) => f.endsWith('.bin'));
    const second = model(5);
    await second.save(fileSystem(dir));
    const files = readdirSync(dir);
    expect(files).toHaveLength(2);
    expect(files).not.toContain(first);
    expectSameWeights(await tfl.loadLayersModel(fileSystem(dir)), second);
  });

  it('a stale temp file from a crashed save does not disturb loading or the next save', async () => {
    const dir = folder();
    const original = model(1);
    await original.save(fileSystem(dir));
    // What a crash between writing and renaming leaves: a half-written temp file beside the model.
    writeFileSync(join(dir, '.model.json.tmp-0123456789ab'), '{"modelTopo');
    expectSameWeights(await tfl.loadLayersModel(fileSystem(dir)), original);
    const next = model(2);
    await next.save(fileSystem(dir));
    expectSameWeights(await tfl.loadLayersModel(fileSystem(dir)), next);
  });

  it('saving leaks no tensors', async () => {
    const dir = folder();
    const m = model(1);
    await expectNoTensorLeak(() => m.save(fileSystem(dir)), { warmup: 1, steps: 3 });
  });

  it('works through file:// URLs once the router is registered, and registering twice is harmless', async () => {
    registerFileSystemRouter();
    registerFileSystemRouter();
    const dir = folder();
    expect(tf.io.getSaveHandlers(`file://${dir}`)).toHaveLength(1);
    expect(tf.io.getLoadHandlers(`file://${dir}/model.json`)).toHaveLength(1);
    expect(tf.io.getLoadHandlers('https://example.com/model.json')).toHaveLength(1); // tfjs's own http handler, not ours
    const original = model(1);
    await original.save(`file://${dir}`);
    expectSameWeights(await tfl.loadLayersModel(`file://${dir}/model.json`), original);
  });
});

describe('fileSystem errors', () => {
  it('names a missing model.json', async () => {
    const dir = folder();
    await expect(tfl.loadLayersModel(fileSystem(dir))).rejects.toThrow(`no model at '${join(dir, 'model.json')}': the file does not exist`);
    await expect(fileSystem(dir).load()).rejects.toMatchObject({ code: 'INVALID_MODEL' });
  });

  it('names a model.json that is not JSON or not a model', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'model.json'), '{"modelTop');
    await expect(fileSystem(dir).load()).rejects.toThrow(/model\.json' is not valid JSON/);
    writeFileSync(join(dir, 'model.json'), '{"weights": []}');
    await expect(fileSystem(dir).load()).rejects.toThrow(/is not a TensorFlow\.js model\.json: it has no modelTopology/);
  });

  it('names a missing weight file and the bytes it should hold', async () => {
    const dir = folder();
    await model(1).save(fileSystem(dir));
    const bin = readdirSync(dir).find((f) => f.endsWith('.bin'))!;
    unlinkSync(join(dir, bin));
    await expect(fileSystem(dir).load()).rejects.toThrow(
      `weight file '${join(dir, bin)}' named in '${join(dir, 'model.json')}' is missing (the weights it lists need 92 bytes)`,
    );
  });

  it('names a short weight file, the bytes it holds and the bytes expected', async () => {
    const dir = folder();
    await model(1).save(fileSystem(dir));
    const bin = readdirSync(dir).find((f) => f.endsWith('.bin'))!;
    truncateSync(join(dir, bin), 50);
    const load = fileSystem(dir).load();
    await expect(load).rejects.toMatchObject({ code: 'INVALID_MODEL' });
    await expect(load).rejects.toThrow(new RegExp(`weight file '.*${bin}' of '.*model\\.json' holds 50 bytes; expected 92 for .*\\[4,3\\]`));
  });

  it('says when the folder cannot be written', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a-file'), '');
    const save = model(1).save(fileSystem(join(dir, 'a-file', 'model')));
    await expect(save).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(save).rejects.toThrow(/cannot save the model to '.*a-file\/model\/model\.json': '.*' or one of its parents is a file, not a folder \(ENOTDIR\)/);
    // A read-only folder: root may write there anyway, so atomic-writes.spec.ts checks the EACCES wording with a failing open.
  });

  it('refuses an empty path', () => {
    expect(() => fileSystem('')).toThrow(/fileSystem needs a folder or model\.json path/);
  });
});

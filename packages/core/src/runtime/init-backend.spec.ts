import { isTrainingKernel, trainingKernelNames } from '@selective-kd/kernels';
import { selectiveKdRejection } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
// Under vitest the wasm backend must be imported for its side effect before it can be set.
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV, BACKEND_ORDER } from './node-backends.js';
import { initBackend } from './init-backend.js';

// tfjs-node and tfjs-node-gpu are optional peers that this workspace does not
// install (their install script downloads libtensorflow), so they are skipped
// or refused here; init-backend-native.spec.ts stands one in.

let savedEnv: string | undefined;

beforeEach(() => {
  savedEnv = process.env[BACKEND_ENV];
  delete process.env[BACKEND_ENV];
});

afterEach(() => {
  if (savedEnv === undefined) delete process.env[BACKEND_ENV];
  else process.env[BACKEND_ENV] = savedEnv;
});

afterAll(async () => {
  await initBackend('cpu');
});

describe('initBackend', () => {
  it('names the environment variable and the fallback order', () => {
    expect(BACKEND_ENV).toBe('SELECTIVE_KD_BACKEND');
    expect(BACKEND_ORDER).toEqual(['node-gpu', 'node', 'wasm', 'cpu']);
  });

  it("initBackend('cpu') selects the cpu backend", async () => {
    const choice = await initBackend('cpu');
    expect(choice).toEqual({ preference: 'cpu', backend: 'cpu', reason: 'asked for' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('registers the gradients training needs, whichever backend', async () => {
    await initBackend('cpu');
    // tfjs-core alone has no gradient for square in Node; d/dx x² = 2x
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -3]));
    expect(Array.from(grad.dataSync())).toEqual([2, -6]);
    grad.dispose();
  });

  it.each(['wasm', 'cpu'] as const)("registers @selective-kd/kernels' training kernels for %s", async (backendName) => {
    await initBackend(backendName);
    for (const name of trainingKernelNames(backendName)) expect(isTrainingKernel(tf.getKernel(name, backendName)), name).toBe(true);
  });

  it("initBackend('node') rejects with BACKEND_UNAVAILABLE and says how to install it", async () => {
    const error = await selectiveKdRejection(initBackend('node'));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toBe(
      "backend 'node' is not available: @tensorflow/tfjs-node is not installed " +
        '(an optional peer of @selective-kd/core: `npm install @tensorflow/tfjs-node`)',
    );
  });

  it("initBackend('node-gpu') rejects with BACKEND_UNAVAILABLE naming its package", async () => {
    const error = await selectiveKdRejection(initBackend('node-gpu'));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toBe(
      "backend 'node-gpu' is not available: @tensorflow/tfjs-node-gpu is not installed " +
        '(an optional peer of @selective-kd/core: `npm install @tensorflow/tfjs-node-gpu` on a machine with CUDA)',
    );
  });

  it("SELECTIVE_KD_BACKEND='bogus' rejects with INVALID_OPTION naming the choices", async () => {
    process.env[BACKEND_ENV] = 'bogus';
    const error = await selectiveKdRejection(initBackend());
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe("SELECTIVE_KD_BACKEND must be one of node-gpu, node, wasm, cpu; got 'bogus'");
  });

  it("SELECTIVE_KD_BACKEND='cpu' forces cpu", async () => {
    process.env[BACKEND_ENV] = 'cpu';
    expect(await initBackend()).toEqual({ preference: 'cpu', backend: 'cpu', reason: 'forced by SELECTIVE_KD_BACKEND' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('an argument wins over SELECTIVE_KD_BACKEND, and a blank variable is ignored', async () => {
    process.env[BACKEND_ENV] = 'bogus';
    expect(await initBackend('cpu')).toEqual({ preference: 'cpu', backend: 'cpu', reason: 'asked for' });
    process.env[BACKEND_ENV] = '  cpu  ';
    expect((await initBackend()).reason).toBe('forced by SELECTIVE_KD_BACKEND');
  });

  it("SELECTIVE_KD_BACKEND='node' rejects with BACKEND_UNAVAILABLE", async () => {
    process.env[BACKEND_ENV] = 'node';
    const error = await selectiveKdRejection(initBackend());
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toContain('npm install @tensorflow/tfjs-node');
  });

  it('with no preference and no variable picks wasm here, saying which node backends it skipped', async () => {
    try {
      const choice = await initBackend();
      expect(choice.preference).toBe('wasm');
      expect(choice.backend).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      expect(choice.reason).toBe(
        'fastest available; skipped ' +
          'node-gpu: @tensorflow/tfjs-node-gpu is not installed ' +
          '(an optional peer of @selective-kd/core: `npm install @tensorflow/tfjs-node-gpu` on a machine with CUDA); ' +
          'node: @tensorflow/tfjs-node is not installed (an optional peer of @selective-kd/core: `npm install @tensorflow/tfjs-node`)',
      );
    } finally {
      await initBackend('cpu');
    }
    expect(tf.getBackend()).toBe('cpu');
  });
});

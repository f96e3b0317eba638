import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from './init-backend.js';

// The native backends are optional peers this workspace never installs (their
// install script downloads libtensorflow). A stand-in module registers a
// backend under tfjs-node's name, as the real package does on import, so the
// pick-up path runs here; the real packages' behaviour is theirs to test.
vi.mock('@tensorflow/tfjs-node', () => {
  tf.registerBackend('tensorflow', () => new MathBackendCPU());
  return {};
});

afterAll(async () => {
  await initBackend('cpu');
  tf.removeBackend('tensorflow');
});

describe('initBackend with @tensorflow/tfjs-node installed', () => {
  it('picks it up with no preference, saying node-gpu was skipped and how to install it', async () => {
    const choice = await initBackend();
    expect(choice.preference).toBe('node');
    expect(choice.backend).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(choice.reason).toBe(
      'fastest available; skipped node-gpu: @tensorflow/tfjs-node-gpu is not installed ' +
        '(an optional peer of @selective-kd/core: `npm install @tensorflow/tfjs-node-gpu` on a machine with CUDA)',
    );
  });

  it("initBackend('node') selects it", async () => {
    expect(await initBackend('node')).toEqual({ preference: 'node', backend: 'tensorflow', reason: 'asked for' });
  });
});

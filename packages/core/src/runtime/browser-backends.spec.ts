import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { initBackend } from './init-backend.js';

// What a browser bundle of core gets for `#backends`; run here in Node, where
// neither WebGPU nor WebGL exists, so the search must fall through to wasm.
vi.mock('#backends', () => import('./browser-backends.js'));

describe("initBackend in core's browser build", () => {
  it('tries webgpu → webgl → wasm → cpu, says why each faster one failed, and how wasm runs', async () => {
    const choice = await initBackend();
    expect(choice.preference).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.reason).toMatch(/^fastest available; skipped webgpu: this browser has no WebGPU \(navigator\.gpu is missing\); webgl: .+ \(SIMD on, one thread\)$/);
  });

  it('refuses a Node backend, naming the ones it has', async () => {
    const error = await initBackend('node').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect((error as Error).message).toBe("backend 'node' is not available: it does not run here; here: webgpu, webgl, wasm, cpu");
  });

  it('registers the training kernels wasm lacks', async () => {
    await initBackend('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});

import type { BackendLoader, BackendPreference } from './backend-loader.js';
import { describeWasm, wasmLoader } from './wasm-loader.js';

/** What `#backends` resolves to in a browser bundle: the backends `initBackend` tries there, fastest first. */
export const BACKEND_ORDER: readonly BackendPreference[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Read in Node only; a page chooses its backend in code. */
export const BACKEND_ENV = 'SELECTIVE_KD_BACKEND';

export const LOADERS: Partial<Record<BackendPreference, BackendLoader>> = {
  webgpu: {
    package: '@tensorflow/tfjs-backend-webgpu',
    optionalPeer: false,
    registeredAs: 'webgpu',
    load: async () => {
      // tfjs registers the backend even where it cannot start, then says only that it failed; say why.
      const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
      if (!gpu) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
      if (!(await gpu.requestAdapter())) throw new Error('WebGPU found no adapter (no usable GPU)');
      return import('@tensorflow/tfjs-backend-webgpu');
    },
  },
  webgl: { package: '@tensorflow/tfjs-backend-webgl', optionalPeer: false, registeredAs: 'webgl', load: () => import('@tensorflow/tfjs-backend-webgl') },
  wasm: { ...wasmLoader, describe: describeWasm },
  cpu: { package: '@tensorflow/tfjs-backend-cpu', optionalPeer: false, registeredAs: 'cpu', load: () => import('@tensorflow/tfjs-backend-cpu') },
};

export function envPreference(): BackendPreference | undefined {
  return undefined;
}

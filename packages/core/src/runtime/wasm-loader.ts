import * as tf from '@tensorflow/tfjs-core';
import type { BackendLoader } from './backend-loader.js';

/** The wasm backend, the same in Node and browsers. */
export const wasmLoader: BackendLoader = {
  package: '@tensorflow/tfjs-backend-wasm',
  optionalPeer: false,
  registeredAs: 'wasm',
  load: async ({ wasmPaths }) => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths);
    return wasm;
  },
};

/** SIMD and threads of the active wasm backend; threads need a cross-origin-isolated page (and never start in Node). */
export async function describeWasm(): Promise<string> {
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  const count = getThreadsCount();
  const threading = threads
    ? `${count} thread${count === 1 ? '' : 's'}`
    : isolated === false
      ? 'one thread (threads need a cross-origin-isolated page: COOP same-origin + COEP require-corp)'
      : 'one thread';
  return `SIMD ${simd ? 'on' : 'off'}, ${threading}`;
}

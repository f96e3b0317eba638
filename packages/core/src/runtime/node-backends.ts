import { SelectiveKdError } from '../selective-kd-error.js';
import type { BackendLoader, BackendPreference } from './backend-loader.js';
import { wasmLoader } from './wasm-loader.js';

/** What `#backends` resolves to in Node: the backends `initBackend` tries there, fastest first. */
export const BACKEND_ORDER: readonly BackendPreference[] = ['node-gpu', 'node', 'wasm', 'cpu'];

/** Environment variable that forces a backend when no preference is passed. */
export const BACKEND_ENV = 'SELECTIVE_KD_BACKEND';

export const LOADERS: Partial<Record<BackendPreference, BackendLoader>> = {
  'node-gpu': {
    package: '@tensorflow/tfjs-node-gpu',
    optionalPeer: true,
    installWhen: 'on a machine with CUDA',
    registeredAs: 'tensorflow',
    load: () => import(/* @vite-ignore */ '@tensorflow/tfjs-node-gpu' as string),
  },
  node: {
    package: '@tensorflow/tfjs-node',
    optionalPeer: true,
    registeredAs: 'tensorflow',
    load: () => import(/* @vite-ignore */ '@tensorflow/tfjs-node' as string),
  },
  wasm: wasmLoader,
  cpu: { package: '@tensorflow/tfjs-backend-cpu', optionalPeer: false, registeredAs: 'cpu', load: () => import('@tensorflow/tfjs-backend-cpu') },
};

/** The backend `SELECTIVE_KD_BACKEND` forces, if set. */
export function envPreference(): BackendPreference | undefined {
  const value = process.env[BACKEND_ENV]?.trim();
  if (!value) return undefined;
  if (!(BACKEND_ORDER as readonly string[]).includes(value)) {
    throw new SelectiveKdError('INVALID_OPTION', `${BACKEND_ENV} must be one of ${BACKEND_ORDER.join(', ')}; got '${value}'`);
  }
  return value as BackendPreference;
}

import { registerTrainingKernels } from '@selective-kd/kernels';
import * as tf from '@tensorflow/tfjs-core';
import { SelectiveKdError } from '../selective-kd-error.js';

/** The backends `initBackend` knows, fastest first. */
export type BackendPreference = 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** Environment variable that forces a backend when no preference is passed. */
export const BACKEND_ENV = 'SELECTIVE_KD_BACKEND';

export const BACKEND_ORDER: readonly BackendPreference[] = ['node-gpu', 'node', 'wasm', 'cpu'];

export interface BackendChoice {
  preference: BackendPreference;
  /** The name tfjs registered it under, as `tf.getBackend()` reports. */
  backend: string;
  /** Why this one: forced, or which faster ones were not available and why. */
  reason: string;
}

interface BackendLoader {
  /** The package that brings the backend, for install hints. */
  package: string;
  /** Whether the package is an optional peer of core that the user installs on purpose. */
  optionalPeer: boolean;
  /** When installing it makes sense, for the hint (a CUDA build is useless without CUDA). */
  installWhen?: string;
  /** The name tfjs registers the backend under. */
  registeredAs: string;
  load(): Promise<unknown>;
}

// Each loader imports its package for the side effect of registering the backend.
const LOADERS: Record<BackendPreference, BackendLoader> = {
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
  wasm: { package: '@tensorflow/tfjs-backend-wasm', optionalPeer: false, registeredAs: 'wasm', load: () => import('@tensorflow/tfjs-backend-wasm') },
  cpu: { package: '@tensorflow/tfjs-backend-cpu', optionalPeer: false, registeredAs: 'cpu', load: () => import('@tensorflow/tfjs-backend-cpu') },
};

/**
 * Picks and initialises the best available backend: node-gpu → node → wasm → cpu,
 * or exactly the one asked for (argument, else `SELECTIVE_KD_BACKEND`).
 * Registers the gradients training needs whichever backend loads. Asking for
 * a backend that cannot load is an error that says how to install it.
 *
 * The native backends are optional peers: installing them downloads
 * libtensorflow (hundreds of MB), so core never pulls them in; they are used
 * as soon as the user installs one, and the reason says how when they are not.
 */
export async function initBackend(preference?: BackendPreference): Promise<BackendChoice> {
  const forced = preference ?? readEnvPreference();
  // tfjs-layers carries the gradient definitions; tfjs-core alone registers none in Node.
  await import('@tensorflow/tfjs-layers');
  // Our own report replaces tfjs's console advice to install tfjs-node.
  tf.env().set('PROD', true);

  if (forced) {
    const failure = await tryBackend(forced);
    if (failure) {
      throw new SelectiveKdError('BACKEND_UNAVAILABLE', `backend '${forced}' is not available: ${failure}`);
    }
    registerTrainingKernelsFor(forced);
    return { preference: forced, backend: tf.getBackend(), reason: preference ? 'asked for' : `forced by ${BACKEND_ENV}` };
  }

  const skipped: string[] = [];
  for (const candidate of BACKEND_ORDER) {
    const failure = await tryBackend(candidate);
    if (!failure) {
      registerTrainingKernelsFor(candidate);
      const reason = skipped.length ? `fastest available; skipped ${skipped.join('; ')}` : 'fastest available';
      return { preference: candidate, backend: tf.getBackend(), reason };
    }
    skipped.push(`${candidate}: ${failure}`);
  }
  throw new SelectiveKdError('BACKEND_UNAVAILABLE', `no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

/**
 * wasm lacks the conv, depthwise and embedding gradient kernels and some of
 * the cpu backend's are too slow to train with; ours fill in (idempotent).
 */
function registerTrainingKernelsFor(preference: BackendPreference): void {
  if (preference === 'wasm' || preference === 'cpu') registerTrainingKernels(preference);
}

/** undefined when the backend is now active, else why it is not. */
async function tryBackend(name: BackendPreference): Promise<string | undefined> {
  const loader = LOADERS[name];
  try {
    await loader.load();
  } catch (error) {
    return isMissingModule(error, loader.package) ? notInstalled(loader) : firstLine(error);
  }
  try {
    return (await tf.setBackend(loader.registeredAs)) ? undefined : 'it failed to initialise';
  } catch (error) {
    return firstLine(error);
  }
}

/** Why a backend's package could not be imported, with the exact line that installs it. */
function notInstalled(loader: BackendLoader): string {
  const command = `\`npm install ${loader.package}\`${loader.installWhen ? ` ${loader.installWhen}` : ''}`;
  return `${loader.package} is not installed (${loader.optionalPeer ? 'an optional peer of @selective-kd/core: ' : ''}${command})`;
}

function readEnvPreference(): BackendPreference | undefined {
  const value = process.env[BACKEND_ENV]?.trim();
  if (!value) return undefined;
  if (!(BACKEND_ORDER as readonly string[]).includes(value)) {
    throw new SelectiveKdError(
      'INVALID_OPTION',
      `${BACKEND_ENV} must be one of ${BACKEND_ORDER.join(', ')}; got '${value}'`,
    );
  }
  return value as BackendPreference;
}

function isMissingModule(error: unknown, packageName: string): boolean {
  const code = (error as { code?: string })?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  // Vite's module runner (vitest) and bundlers report a missing package without a code.
  const message = firstLine(error);
  return /^(Could not resolve|Cannot find (module|package)|Failed to (load|resolve))\b/.test(message) && message.includes(packageName);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}

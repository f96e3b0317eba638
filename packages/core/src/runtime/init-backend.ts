import { registerTrainingKernels } from '@selective-kd/kernels';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ENV, BACKEND_ORDER, envPreference, LOADERS } from '#backends';
import { SelectiveKdError } from '../selective-kd-error.js';
import type { BackendLoader, BackendPreference, InitBackendOptions } from './backend-loader.js';

export interface BackendChoice {
  preference: BackendPreference;
  /** The name tfjs registered it under, as `tf.getBackend()` reports. */
  backend: string;
  /** Why this one: forced, or which faster ones were not available and why; for wasm in a browser, its SIMD and threads. */
  reason: string;
}

/**
 * Picks and initialises the best available backend, or exactly the one asked
 * for (argument, else in Node `SELECTIVE_KD_BACKEND`). In Node the order is
 * node-gpu → node → wasm → cpu; in a browser (the package's `browser` build)
 * webgpu → webgl → wasm (threaded when the page is cross-origin isolated) →
 * cpu. Registers the gradients and training kernels training needs whichever
 * backend loads. Asking for a backend that cannot load is an error that says
 * why, and how to install it where that helps.
 *
 * The native backends are optional peers: installing them downloads
 * libtensorflow (hundreds of MB), so core never pulls them in; they are used
 * as soon as the user installs one, and the reason says how when they are not.
 */
export async function initBackend(preference?: BackendPreference, options: InitBackendOptions = {}): Promise<BackendChoice> {
  const forced = preference ?? envPreference();
  // tfjs-layers carries the gradient definitions; tfjs-core alone registers none in Node.
  await import('@tensorflow/tfjs-layers');
  // Our own report replaces tfjs's console advice to install tfjs-node.
  tf.env().set('PROD', true);

  if (forced) {
    const failure = await tryBackend(forced, options);
    if (failure) {
      throw new SelectiveKdError('BACKEND_UNAVAILABLE', `backend '${forced}' is not available: ${failure}`);
    }
    registerTrainingKernelsFor(forced);
    return { preference: forced, backend: tf.getBackend(), reason: await withDetail(forced, preference ? 'asked for' : `forced by ${BACKEND_ENV}`) };
  }

  const skipped: string[] = [];
  for (const candidate of BACKEND_ORDER) {
    const failure = await tryBackend(candidate, options);
    if (!failure) {
      registerTrainingKernelsFor(candidate);
      const reason = skipped.length ? `fastest available; skipped ${skipped.join('; ')}` : 'fastest available';
      return { preference: candidate, backend: tf.getBackend(), reason: await withDetail(candidate, reason) };
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
async function tryBackend(name: BackendPreference, options: InitBackendOptions): Promise<string | undefined> {
  const loader = LOADERS[name];
  if (!loader) return `it does not run here; here: ${BACKEND_ORDER.join(', ')}`;
  try {
    await loader.load(options);
  } catch (error) {
    return isMissingModule(error, loader.package) ? notInstalled(loader) : firstLine(error);
  }
  try {
    return (await tf.setBackend(loader.registeredAs)) ? undefined : 'it failed to initialise';
  } catch (error) {
    return firstLine(error);
  }
}

async function withDetail(name: BackendPreference, reason: string): Promise<string> {
  const detail = await LOADERS[name]?.describe?.();
  return detail ? `${reason} (${detail})` : reason;
}

/** Why a backend's package could not be imported, with the exact line that installs it. */
function notInstalled(loader: BackendLoader): string {
  const command = `\`npm install ${loader.package}\`${loader.installWhen ? ` ${loader.installWhen}` : ''}`;
  return `${loader.package} is not installed (${loader.optionalPeer ? 'an optional peer of @selective-kd/core: ' : ''}${command})`;
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

import { SelectiveKdError, type BackendPreference } from '@selective-kd/core';

/** What the page's query string asks for. */
export interface PageOptions {
  /** `?backend=`: the one backend to use; unset: the fastest that starts. */
  backend?: BackendPreference;
  /** `?autostart=1`: start training as soon as everything is loaded. */
  autostart: boolean;
  /** `?stopAfter=N`: pause once every student has taken N steps (tests and measurements). */
  stopAfter?: number;
}

/** The backends `initBackend` can start in a browser. */
export const PAGE_BACKENDS: readonly BackendPreference[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Reads `location.search`; a value the page cannot use is an error naming the parameter, not ignored. */
export function pageOptions(search: string): PageOptions {
  const params = new URLSearchParams(search);
  const options: PageOptions = { autostart: false };
  const backend = params.get('backend');
  if (backend !== null && backend !== '') {
    if (!(PAGE_BACKENDS as readonly string[]).includes(backend)) {
      throw new SelectiveKdError('INVALID_OPTION', `?backend= must be one of ${PAGE_BACKENDS.join(', ')}; got '${backend}'`);
    }
    options.backend = backend as BackendPreference;
  }
  const autostart = params.get('autostart');
  if (autostart !== null) {
    if (!['', '0', '1', 'true', 'false'].includes(autostart)) {
      throw new SelectiveKdError('INVALID_OPTION', `?autostart= must be 1 or 0; got '${autostart}'`);
    }
    options.autostart = autostart === '' || autostart === '1' || autostart === 'true';
  }
  const stopAfter = params.get('stopAfter');
  if (stopAfter !== null) {
    const steps = Number(stopAfter);
    if (stopAfter.trim() === '' || !Number.isSafeInteger(steps) || steps < 1) {
      throw new SelectiveKdError('INVALID_OPTION', `?stopAfter= must be a whole number of steps ≥ 1; got '${stopAfter}'`);
    }
    options.stopAfter = steps;
  }
  return options;
}

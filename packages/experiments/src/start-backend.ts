import { initBackend, registerFileSystemRouter, type BackendChoice, type BackendPreference } from '@selective-kd/core';
import { backendDescription } from './machine-description.js';

/** Picks the backend, logs which and why, and lets tfjs save and load models on the file system. */
export async function startBackend(preference: BackendPreference | undefined, log: (line: string) => void): Promise<BackendChoice> {
  const backend = await initBackend(preference);
  log(`backend: ${backendDescription(backend)}`);
  registerFileSystemRouter();
  return backend;
}

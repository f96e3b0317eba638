import * as tf from '@tensorflow/tfjs-core';
import { fileSystem } from './file-system.js';

const FILE_SCHEME = 'file://';

let registered = false;

/**
 * Lets tfjs resolve `file://` URLs to `fileSystem`, so
 * `model.save('file://out/student')` and
 * `tfl.loadLayersModel('file://out/student/model.json')` work without
 * tfjs-node. Call it once at start-up; later calls do nothing. Importing the
 * library registers nothing by itself.
 */
export function registerFileSystemRouter(): void {
  if (registered) return;
  // tfjs's router type says IOHandler, but routers answer null for URLs they do not handle (its own do too).
  const router = fileSystemRouter as (url: string | string[]) => tf.io.IOHandler;
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
  registered = true;
}

/** The handler for a `file://` URL, or null for any other URL. */
export function fileSystemRouter(url: string | string[]): tf.io.IOHandler | null {
  return typeof url === 'string' && url.startsWith(FILE_SCHEME) ? fileSystem(url.slice(FILE_SCHEME.length)) : null;
}

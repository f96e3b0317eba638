import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A Chromium to drive, or why there is none. */
export type ChromiumLookup = { path: string; reason?: undefined } | { path?: undefined; reason: string };

/** Where Debian, Ubuntu and Google put their browsers, tried in this order. */
const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const PATH_NAMES = ['google-chrome', 'google-chrome-stable'];

/**
 * The system Chromium the browser spec and `measure` drive: `CHROMIUM_PATH`
 * if set, else Debian's `/usr/bin/chromium`, Ubuntu's `chromium-browser`, or
 * a `google-chrome` on the PATH. Only checks that the file exists (no browser
 * is downloaded or installed here), so it is cheap enough to call while
 * vitest collects.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { path: fromEnv } : { reason: `CHROMIUM_PATH=${fromEnv} does not exist` };
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => PATH_NAMES.map((name) => join(dir, name)));
  const path = [...SYSTEM_PATHS, ...onPath].find((candidate) => existsSync(candidate));
  if (path) return { path };
  return {
    reason: `no Chromium found (CHROMIUM_PATH unset; none of ${SYSTEM_PATHS.join(', ')} or ${PATH_NAMES.join('/')} on the PATH): install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
  };
}

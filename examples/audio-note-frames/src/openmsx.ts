import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's `openttd-openmsx` puts its MIDI pieces and `timgm6mb-soundfont` its SoundFont. */
export const MIDI_DIR = '/usr/share/games/openttd/baseset/openmsx';
export const SOUNDFONT = '/usr/share/sounds/sf2/TimGM6mb.sf2';
const PACKAGES = ['openttd-openmsx', 'timgm6mb-soundfont'];

/** The real data: the pieces' MIDI directory and the SoundFont that renders them. */
export interface OpenMsx {
  midiDir: string;
  soundFont: string;
}

/**
 * Makes sure the Debian packages are installed: installs them with apt-get
 * when running as root on a machine with apt, and otherwise says exactly what
 * to run. Nothing is downloaded from anywhere but the distribution's archive.
 */
export function ensureOpenMsx(log: (line: string) => void = console.log): OpenMsx {
  const found = () => missingOpenMsx() === undefined;
  if (found()) return { midiDir: MIDI_DIR, soundFont: SOUNDFONT };
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `The MIDI pieces (${MIDI_DIR}) or the SoundFont (${SOUNDFONT}) are missing. ` +
        `Install Debian's packages first: sudo apt-get update && sudo apt-get install ${PACKAGES.join(' ')}`,
    );
  }
  log(`installing Debian packages ${PACKAGES.join(', ')} (MIDI pieces, 6 MB SoundFont)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]) => execFileSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  apt(['update', '-qq']); // a fresh machine has no package lists yet
  apt(['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES]);
  if (!found()) throw new Error(`${PACKAGES.join(' and ')} installed, but ${MIDI_DIR} or ${SOUNDFONT} is still missing`);
  return { midiDir: MIDI_DIR, soundFont: SOUNDFONT };
}

/**
 * Why the MIDI pieces or the SoundFont are not usable, or `undefined` when
 * they are: what a spec prints when it skips, so it never installs anything.
 */
export function missingOpenMsx(midiDir = MIDI_DIR, soundFont = SOUNDFONT): string | undefined {
  if (existsSync(soundFont) && existsSync(midiDir) && listPieces(midiDir).length > 0) return undefined;
  return `the MIDI pieces (${midiDir}) or the SoundFont (${soundFont}) are missing (Debian packages ${PACKAGES.join(' ')}; .ci/run installs them as root)`;
}

/** The `.mid` files of a directory, sorted by name. */
export function listPieces(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.mid'))
    .sort()
    .map((file) => join(dir, file));
}

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's `openttd-openmsx` puts its MIDI pieces. */
export const MIDI_DIR = '/usr/share/games/openttd/baseset/openmsx';
const MIDI_PACKAGE = 'openttd-openmsx';

/** The two SoundFonts that render the pieces: the teachers' (TimGM6mb) and the shifted students' (MuseScore General Lite). */
export type SoundFontName = 'timgm6mb' | 'musescore';

/** A SoundFont's file, the Debian package that installs it, and how RESULTS.md names it. */
export interface SoundFontFile {
  file: string;
  package: string;
  description: string;
}

export const SOUNDFONTS: Readonly<Record<SoundFontName, SoundFontFile>> = {
  timgm6mb: { file: '/usr/share/sounds/sf2/TimGM6mb.sf2', package: 'timgm6mb-soundfont', description: 'TimGM6mb (timgm6mb-soundfont, 6 MB SF2)' },
  musescore: {
    file: '/usr/share/sounds/sf3/MuseScore_General_Lite.sf3',
    package: 'musescore-general-soundfont-small',
    description: 'MuseScore General Lite (musescore-general-soundfont-small, 40 MB SF3)',
  },
};

/** The real data: the pieces' MIDI directory and the SoundFont that renders them. */
export interface OpenMsx {
  midiDir: string;
  soundFont: string;
}

/**
 * Makes sure the Debian packages for the pieces and `soundFont` are
 * installed: installs them with apt-get when running as root on a machine
 * with apt, and otherwise says exactly what to run. Nothing is downloaded
 * from anywhere but the distribution's archive.
 */
export function ensureOpenMsx(soundFont: SoundFontName, log: (line: string) => void = console.log): OpenMsx {
  const font = SOUNDFONTS[soundFont];
  const found = () => missingOpenMsx([soundFont]) === undefined;
  const packages = [MIDI_PACKAGE, font.package];
  if (found()) return { midiDir: MIDI_DIR, soundFont: font.file };
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `The MIDI pieces (${MIDI_DIR}) or the SoundFont (${font.file}) are missing. ` +
        `Install Debian's packages first: sudo apt-get update && sudo apt-get install ${packages.join(' ')}`,
    );
  }
  log(`installing Debian packages ${packages.join(', ')} (MIDI pieces, ${font.description})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]) => execFileSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  apt(['update', '-qq']); // a fresh machine has no package lists yet
  apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  if (!found()) throw new Error(`${packages.join(' and ')} installed, but ${MIDI_DIR} or ${font.file} is still missing`);
  return { midiDir: MIDI_DIR, soundFont: font.file };
}

/**
 * Why the MIDI pieces or one of the SoundFonts are not usable, or
 * `undefined` when they are: what a spec prints when it skips, so it never
 * installs anything.
 */
export function missingOpenMsx(soundFonts: readonly SoundFontName[] = ['timgm6mb'], midiDir = MIDI_DIR): string | undefined {
  const fonts = soundFonts.map((name) => SOUNDFONTS[name]);
  if (fonts.every((f) => existsSync(f.file)) && existsSync(midiDir) && listPieces(midiDir).length > 0) return undefined;
  const packages = [MIDI_PACKAGE, ...fonts.map((f) => f.package)];
  return `the MIDI pieces (${midiDir}) or a SoundFont (${fonts.map((f) => f.file).join(', ')}) are missing (Debian packages ${packages.join(' ')}; .ci/run installs them as root)`;
}

/** The `.mid` files of a directory, sorted by name. */
export function listPieces(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.mid'))
    .sort()
    .map((file) => join(dir, file));
}

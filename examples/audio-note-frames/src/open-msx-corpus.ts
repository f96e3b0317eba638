import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { BasicSoundBank, SoundBankLoader } from 'spessasynth_core';
import { ensureOpenMsx, listPieces, SOUNDFONTS, type SoundFontName } from './openmsx.js';
import { renderPerformance } from './render-performance.js';
import type { Corpus } from './rendered-clips.js';

/**
 * The real data: the 31 human-composed MIDI pieces of Debian's
 * `openttd-openmsx`, rendered through the recorded instrument samples of one
 * of the two Debian SoundFonts with spessasynth_core. Installs the packages
 * where it can. The SoundFont is read only when a piece has to be rendered.
 */
export async function openMsxCorpus(soundFont: SoundFontName, log: (line: string) => void): Promise<Corpus> {
  const { midiDir, soundFont: file } = ensureOpenMsx(soundFont, log);
  // SF3 samples are Ogg Vorbis: spessasynth decodes them with a wasm decoder that starts asynchronously.
  await BasicSoundBank.isSF3DecoderReady;
  let bank: BasicSoundBank | undefined;
  return {
    pieces: listPieces(midiDir).map((path) => ({ name: basename(path), bytes: readFileSync(path) })),
    render: (performance, sampleRate) => {
      if (!bank) {
        const bytes = readFileSync(file);
        bank = SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
      return renderPerformance(performance, bank, { sampleRate });
    },
    soundFont,
    description: `Debian openttd-openmsx MIDI (${midiDir}) rendered with spessasynth_core through ${file} (${SOUNDFONTS[soundFont].package})`,
  };
}

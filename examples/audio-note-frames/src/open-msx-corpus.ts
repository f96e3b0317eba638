import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SoundBankLoader, type BasicSoundBank } from 'spessasynth_core';
import { ensureOpenMsx, listPieces } from './openmsx.js';
import { renderPerformance } from './render-performance.js';
import type { Corpus } from './rendered-clips.js';

/**
 * The real data: the 31 human-composed MIDI pieces of Debian's
 * `openttd-openmsx`, rendered through the recorded instrument samples of
 * `timgm6mb-soundfont` with spessasynth_core. Installs the packages where it
 * can. The SoundFont is read only when a piece has to be rendered.
 */
export function openMsxCorpus(log: (line: string) => void): Corpus {
  const { midiDir, soundFont } = ensureOpenMsx(log);
  let bank: BasicSoundBank | undefined;
  return {
    pieces: listPieces(midiDir).map((file) => ({ name: basename(file), bytes: readFileSync(file) })),
    render: (performance, sampleRate) => {
      if (!bank) {
        const bytes = readFileSync(soundFont);
        bank = SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
      return renderPerformance(performance, bank, { sampleRate });
    },
    description: `Debian openttd-openmsx MIDI (${midiDir}) rendered with spessasynth_core through ${soundFont} (timgm6mb-soundfont)`,
  };
}

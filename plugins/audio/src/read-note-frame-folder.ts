import { SelectiveKdError } from '@selective-kd/core';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { decodeWav, type AudioClip, type DecodeWavOptions } from './decode-wav.js';
import { readMidi, type MidiPerformance } from './read-midi.js';

/** How each WAV file is decoded; the file's path names it in errors. */
export type ReadNoteFrameFolderOptions = Pick<DecodeWavOptions, 'sampleRate' | 'minSeconds' | 'silenceThreshold'>;

/** A recording and the MIDI file of what it plays, sharing a name. */
export interface NoteFramePair {
  /** The file name without its extension. */
  name: string;
  clip: AudioClip;
  performance: MidiPerformance;
}

const MIDI_EXTENSIONS = ['.mid', '.midi'];

/**
 * Reads the note-frame layout: a folder of `<name>.wav` recordings, each with
 * `<name>.mid` (or `.midi`) giving the notes it plays. Pairs come back sorted
 * by name; files of other kinds are ignored. A recording without its MIDI
 * file, a MIDI file without its recording, a name with both `.mid` and
 * `.midi`, and a folder with no pairs are errors naming the files.
 */
export async function readNoteFrameFolder(dir: string, options: ReadNoteFrameFolderOptions = {}): Promise<NoteFramePair[]> {
  const files = await reading(dir, () => readdir(dir));
  const wavs = new Map<string, string>();
  const midis = new Map<string, string>();
  for (const file of files.sort()) {
    const extension = extname(file).toLowerCase();
    const name = file.slice(0, file.length - extension.length);
    if (extension === '.wav') wavs.set(name, file);
    else if (MIDI_EXTENSIONS.includes(extension)) {
      const other = midis.get(name);
      if (other) throw new SelectiveKdError('INVALID_INPUT', `${join(dir, other)} and ${join(dir, file)} both claim the recording ${name}.wav; keep one`);
      midis.set(name, file);
    }
  }
  for (const [name, file] of wavs) {
    if (!midis.has(name)) throw new SelectiveKdError('INVALID_INPUT', `${join(dir, file)} has no MIDI file ${join(dir, `${name}.mid`)} (or .midi) giving its notes`);
  }
  for (const [name, file] of midis) {
    if (!wavs.has(name)) throw new SelectiveKdError('INVALID_INPUT', `${join(dir, file)} has no recording ${join(dir, `${name}.wav`)}`);
  }
  if (wavs.size === 0) throw new SelectiveKdError('EMPTY_DATASET', `no <name>.wav + <name>.mid pairs in ${dir}`);

  const pairs: NoteFramePair[] = [];
  for (const name of [...wavs.keys()].sort()) {
    const wavPath = join(dir, wavs.get(name) as string);
    const midiPath = join(dir, midis.get(name) as string);
    const clip = decodeWav(await reading(wavPath, () => readFile(wavPath)), { ...options, name: wavPath });
    const performance = readMidi(await reading(midiPath, () => readFile(midiPath)), midiPath);
    pairs.push({ name, clip, performance });
  }
  return pairs;
}

/** Runs a file-system read, turning its error (missing, not a folder, no permission) into a `SelectiveKdError` naming the path. */
async function reading<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new SelectiveKdError('INVALID_INPUT', `cannot read ${path}: ${(error as Error).message}`);
  }
}

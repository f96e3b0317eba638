import { SelectiveKdError, seededRandom } from '@selective-kd/core';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SplitCounts } from './example-splits.js';
import { AUDIO_SAMPLE_RATE, AUDIO_SECONDS, writeAudioExample } from './write-audio-example.js';
import { PIXEL_CLASSES, PIXEL_SIZE, writePixelExample } from './write-pixel-example.js';
import { writeTextExample } from './write-text-example.js';

export interface WriteExampleDataOptions {
  /** Fixes every image, sentence and note: the same seed writes the same bytes. Default 0. */
  seed?: number;
}

/** What `writeExampleData` wrote, for the CLI to print and to put into the walk-through configs. */
export interface ExampleDataSummary {
  seed: number;
  pixel: { dir: string; images: SplitCounts; size: number; classes: string[] };
  text: { dir: string; sentences: SplitCounts };
  audio: { dir: string; clips: SplitCounts; notes: number; sampleRate: number; seconds: number };
  /** Files written and their total size, all three data sets together. */
  files: number;
  bytes: number;
}

/**
 * Writes the walk-through's three small data sets, made by code alone (no
 * download, no system data), deterministic from the seed:
 * - `<folder>/pixel`: 32×32 grey images of discs, squares and bars on a
 *   noisy texture, with label PNGs and `classes.json`;
 * - `<folder>/text`: CoNLL-U sentences from a small grammar whose ambiguous
 *   words are nouns or verbs by context, with Universal POS tags;
 * - `<folder>/audio`: 4 s WAV recordings synthesised from random notes, with
 *   the MIDI file of those notes.
 * Each data set draws from its own generator, so changing one leaves the
 * others' bytes as they were. Existing files of the same names are replaced.
 */
export async function writeExampleData(folder: string, options: WriteExampleDataOptions = {}): Promise<ExampleDataSummary> {
  const { seed = 0 } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SelectiveKdError('INVALID_OPTION', `seed must be a whole number from 0 to 4294967295; got ${seed}`);
  }
  if (typeof folder !== 'string' || folder === '') throw new SelectiveKdError('INVALID_OPTION', `folder must be a path; got ${JSON.stringify(folder)}`);
  // One generator per data set, seeded apart (the golden ratio's bits spread neighbouring seeds).
  const stream = (index: number) => seededRandom((seed + Math.imul(index, 0x9e3779b9)) >>> 0);
  const pixelDir = join(folder, 'pixel');
  const textDir = join(folder, 'text');
  const audioDir = join(folder, 'audio');
  try {
    const images = await writePixelExample(pixelDir, stream(1));
    const sentences = await writeTextExample(textDir, stream(2));
    const { notes, ...clips } = await writeAudioExample(audioDir, stream(3));
    const { files, bytes } = await sizeOf([pixelDir, textDir, audioDir]);
    return {
      seed,
      pixel: { dir: pixelDir, images, size: PIXEL_SIZE, classes: [...PIXEL_CLASSES] },
      text: { dir: textDir, sentences },
      audio: { dir: audioDir, clips, notes, sampleRate: AUDIO_SAMPLE_RATE, seconds: AUDIO_SECONDS },
      files,
      bytes,
    };
  } catch (error) {
    if (error instanceof SelectiveKdError) throw error;
    throw new SelectiveKdError('INVALID_INPUT', `cannot write the example data into ${folder}: ${(error as Error).message}`);
  }
}

async function sizeOf(dirs: string[]): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      files++;
      bytes += (await stat(join(entry.parentPath, entry.name))).size;
    }
  }
  return { files, bytes };
}

import { PERCUSSION_CHANNEL, type MidiPerformance } from '@selective-kd/audio';
import { startBackend } from '@selective-kd/experiments';
import * as tf from '@tensorflow/tfjs-core';
import { writeMidi, type MidiEvent } from 'midi-file';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FEATURES, QUICK, type ExperimentConfig } from './experiment-config.js';
import type { Corpus } from './rendered-clips.js';
import { runExperiment } from './run-experiment.js';
import { trainTeachers } from './train-teachers.js';

/** A short piece: a seeded walk of two-note chords on channel 0 and a kick drum on the percussion channel. */
function piece(seed: number): Uint8Array {
  const events: MidiEvent[] = [{ deltaTime: 0, meta: true, type: 'setTempo', microsecondsPerBeat: 500000 }];
  let pitch = 48 + seed * 3;
  for (let beat = 0; beat < 6; beat++) {
    pitch = 40 + ((pitch + 5 * beat + seed) % 40);
    for (const [i, p] of [pitch, pitch + 7].entries()) events.push({ deltaTime: 0, type: 'noteOn', channel: 0, noteNumber: p, velocity: 90 - i * 10 });
    events.push({ deltaTime: 0, type: 'noteOn', channel: PERCUSSION_CHANNEL, noteNumber: 36, velocity: 100 });
    events.push({ deltaTime: 48, type: 'noteOff', channel: PERCUSSION_CHANNEL, noteNumber: 36, velocity: 0 });
    for (const p of [pitch, pitch + 7]) events.push({ deltaTime: p === pitch ? 24 : 0, type: 'noteOff', channel: 0, noteNumber: p, velocity: 0 });
  }
  events.push({ deltaTime: 0, meta: true, type: 'endOfTrack' });
  return Uint8Array.from(writeMidi({ header: { format: 0, numTracks: 1, ticksPerBeat: 96 }, tracks: [events] }));
}

/** A stand-in for a SoundFont synthesiser: each pitched note as a decaying tone with harmonics of the given weights; drums as a noise burst. */
function synthesiser(harmonics: readonly number[]) {
  return (performance: MidiPerformance, sampleRate: number): Float32Array => {
    const out = new Float32Array(Math.ceil((performance.duration + 0.5) * sampleRate));
    for (const { pitch, start, end, velocity } of performance.notes) {
      const hz = 440 * 2 ** ((pitch - 69) / 12);
      for (let i = Math.round(start * sampleRate); i < Math.min(out.length, Math.round(end * sampleRate)); i++) {
        const t = i / sampleRate - start;
        const tone = harmonics.reduce((sum, weight, h) => sum + weight * Math.sin(2 * Math.PI * (h + 1) * hz * t), 0);
        out[i] += (velocity / 127) * Math.exp(-3 * t) * tone;
      }
    }
    let state = 1;
    for (const { seconds, event } of performance.events) {
      if (event.type !== 'noteOn' || event.channel !== PERCUSSION_CHANNEL) continue;
      for (let i = Math.round(seconds * sampleRate), n = 0; n < sampleRate * 0.05 && i < out.length; i++, n++) {
        state = (state * 16807) % 2147483647;
        out[i] += 0.2 * (state / 2147483647 - 0.5) * Math.exp(-n / 200);
      }
    }
    return out;
  };
}

// The example end to end on synthetic MIDI, so CI needs neither apt nor the SoundFonts: rendering and
// its cache per SoundFont, features and their cache, labels, both teachers trained into a folder of the
// test's own, the three regimes (the shifted one through the second synthesiser), tuning, one student
// per gate, the tables, RESULTS.md and the piano rolls; then a rerun that reads every run back from the
// store and leaves no tensors behind.
it('runs the whole experiment on a few synthetic pieces', async () => {
  const root = mkdtempSync(join(tmpdir(), 'skd-audio-smoke-'));
  const renders: string[] = [];
  const corpus = (soundFont: string, harmonics: number[]): Corpus => ({
    pieces: Array.from({ length: 6 }, (_, i) => ({ name: `piece-${i}.mid`, bytes: piece(i) })),
    render: (performance, rate) => (renders.push(soundFont), synthesiser(harmonics)(performance, rate)),
    soundFont,
    description: `synthetic MIDI, additive synthesis (${soundFont})`,
  });
  const corpora = { timgm6mb: corpus('timgm6mb', [0.3, 0.1]), musescore: corpus('musescore', [0.1, 0.2, 0.15]) };
  const features = { ...FEATURES, sampleRate: 8000, windowSize: 512, hopSize: 256, melBands: 32, excerptFrames: 16, context: 2 };
  const paths = { outDir: join(root, 'out'), cacheDir: join(root, 'cache'), runsDir: join(root, 'runs') };
  const teachersDir = join(root, 'teachers');
  const training = { batchSize: 4, learningRate: 3e-3, seed: 1 };
  await startBackend('wasm', () => undefined); // with the file:// router the teachers are saved through
  const teachers = await trainTeachers(['strong', 'weak'], {
    dir: teachersDir,
    cacheDir: paths.cacheDir,
    corpora,
    features,
    training: { strong: { ...training, epochs: 2, patience: 1 }, weak: { ...training, epochs: 1 } },
    log: () => undefined,
  });
  expect(teachers.map((t) => [t.name, t.trainingPieces])).toEqual([
    ['strong', ['piece-0', 'piece-1', 'piece-3', 'piece-5']],
    ['weak', ['piece-0', 'piece-1', 'piece-3', 'piece-5']],
  ]);
  expect(Object.keys(teachers[0].scores)).toEqual(['strong', 'shifted']);
  expect(existsSync(join(teachersDir, 'features.json'))).toBe(true);

  const config: ExperimentConfig = {
    ...QUICK,
    ...features,
    regimes: ['strong', 'shifted', 'weak'],
    labelledEvery: 2,
    batchSize: 4,
    maxEpochs: 2,
    patience: 1,
    grid: { all: [{ temperature: 1 }, { temperature: 2 }] },
    pianoRolls: 2,
    teachersDir,
  };
  const lines: string[] = [];
  const outcome = await runExperiment(config, paths, { backend: 'wasm', log: (line) => void lines.push(line), corpora });

  // Each SoundFont rendered each piece once: the teachers' pieces, then the shifted students' subset, dev and test.
  expect(renders.filter((r) => r === 'timgm6mb').length).toBe(6);
  expect(renders.filter((r) => r === 'musescore').length).toBe(4);
  expect(readdirSync(join(paths.cacheDir, 'render', 'musescore')).filter((f) => f.endsWith('.wav')).sort()).toEqual(
    ['piece-0-8000Hz.wav', 'piece-2-8000Hz.wav', 'piece-3-8000Hz.wav', 'piece-4-8000Hz.wav'],
  );
  expect(outcome.data.strong.trainPieces).toEqual(['piece-0', 'piece-3']);
  expect(outcome.data.shifted.devPieces).toEqual(['piece-2']);
  expect(outcome.data.weak.testPieces).toEqual(['piece-4']);
  expect(outcome.report.regimes.map((r) => r.regime)).toEqual(['strong', 'shifted', 'weak']);
  for (const regime of outcome.report.regimes) {
    expect(regime.rows.map((r) => r.gate)).toEqual([...config.gates]);
    for (const row of regime.rows) expect(row.test.f1.mean).toBeGreaterThanOrEqual(0);
    expect(regime.rows.find((r) => r.gate === 'none')?.teacherBetterFraction).toBe(0);
    expect(regime.rows.find((r) => r.gate === 'all')?.teacherBetterFraction).toBe(1);
  }
  expect(outcome.results.tuning.map((r) => `${r.regime} ${r.settings.temperature}`)).toEqual([
    'strong 1',
    'strong 2',
    'shifted 1',
    'shifted 2',
    'weak 1',
    'weak 2',
  ]);
  const results = readFileSync(outcome.resultsFile, 'utf8');
  expect(results).toContain('![](piano-rolls/quick/strong/test-1.png)');
  expect(results).toContain('The audio is rendered, not recorded');
  expect(existsSync(join(paths.outDir, 'piano-rolls', 'quick', 'shifted', 'test-0.png'))).toBe(true);
  expect(JSON.parse(readFileSync(join(paths.outDir, 'results-quick.json'), 'utf8')).runs).toHaveLength(3 * config.gates.length);

  // A rerun reads every student back from the store, trains none, and leaves no tensors behind.
  const again: string[] = [];
  const before = tf.memory().numTensors;
  const rerun = await runExperiment(config, paths, { backend: 'wasm', log: (line) => void again.push(line), corpora });
  expect(tf.memory().numTensors).toBe(before);
  expect(rerun.results.runs).toEqual(outcome.results.runs);
  expect(renders.length).toBe(10);
}, 600_000);

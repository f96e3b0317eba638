import { PERCUSSION_CHANNEL, type MidiPerformance } from '@selective-kd/audio';
import * as tf from '@tensorflow/tfjs-core';
import { writeMidi, type MidiEvent } from 'midi-file';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { QUICK, type ExperimentConfig } from './experiment-config.js';
import type { Corpus } from './rendered-clips.js';
import { runExperiment } from './run-experiment.js';

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

/** A stand-in for the SoundFont synthesiser: each pitched note as a decaying tone with two harmonics; drums as a noise burst. */
function synthesise(performance: MidiPerformance, sampleRate: number): Float32Array {
  const out = new Float32Array(Math.ceil((performance.duration + 0.5) * sampleRate));
  for (const { pitch, start, end, velocity } of performance.notes) {
    const hz = 440 * 2 ** ((pitch - 69) / 12);
    for (let i = Math.round(start * sampleRate); i < Math.min(out.length, Math.round(end * sampleRate)); i++) {
      const t = i / sampleRate - start;
      const phase = 2 * Math.PI * hz * t;
      out[i] += (velocity / 127) * Math.exp(-3 * t) * (0.3 * Math.sin(phase) + 0.1 * Math.sin(2 * phase));
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
}

// The example end to end on synthetic MIDI, so CI needs neither apt nor the SoundFont: rendering and
// its cache, WAV decoding, features, labels, teacher training and caching, one student per gate,
// the table, RESULTS.md and the piano rolls, and no tensors left behind.
it('runs the whole experiment on a few synthetic pieces', async () => {
  const root = mkdtempSync(join(tmpdir(), 'skd-audio-smoke-'));
  let renders = 0;
  const corpus: Corpus = {
    pieces: Array.from({ length: 6 }, (_, i) => ({ name: `piece-${i}.mid`, bytes: piece(i) })),
    render: (performance, rate) => (renders++, synthesise(performance, rate)),
    description: 'synthetic MIDI, additive synthesis',
  };
  const config: ExperimentConfig = {
    ...QUICK,
    sampleRate: 8000,
    windowSize: 512,
    hopSize: 256,
    melBands: 32,
    excerptFrames: 16,
    context: 2,
    piecesPerSplit: { train: 3, test: 1 },
    secondsPerPiece: 3,
    batchSize: 4,
    teacherEpochs: 1,
    studentEpochs: 1,
    pianoRolls: 2,
  };
  const lines: string[] = [];
  const paths = { outDir: join(root, 'out'), cacheDir: join(root, 'cache') };
  const outcome = await runExperiment(config, paths, { backend: 'wasm', log: (line) => void lines.push(line), corpus });

  expect(renders).toBe(4);
  expect(readdirSync(join(paths.cacheDir, 'render')).sort()).toEqual(['piece-0-8000Hz.wav', 'piece-1-8000Hz.wav', 'piece-2-8000Hz.wav', 'piece-4-8000Hz.wav']);
  expect(outcome.rows.map((r) => r.gate)).toEqual(['none', 'all', 'teacher-correct', 'loss-compare']);
  for (const row of outcome.rows) {
    expect(row.f1.mean).toBeGreaterThanOrEqual(0);
    expect(row.f1.mean).toBeLessThanOrEqual(1);
  }
  expect(outcome.rows.find((r) => r.gate === 'none')?.teacherBetterFraction).toBe(0);
  expect(outcome.rows.find((r) => r.gate === 'all')?.teacherBetterFraction).toBe(1);
  expect(outcome.table).toMatch(/\| selective \(loss-compare\) \| \d+\.\d\d ± 0\.00 \|/);
  expect(outcome.headline.modality).toBe('audio');
  expect(outcome.headline.rows.map((r) => r.gate)).toEqual(config.gates);
  expect(outcome.headline.teacher).toBeCloseTo(100 * outcome.teacher.f1, 10);
  expect(outcome.headline.teacherBetterFraction).toBe(outcome.runs.find((r) => r.gate === 'loss-compare')?.teacherBetterFraction);
  const results = readFileSync(outcome.resultsFile, 'utf8');
  expect(results).toContain('![](piano-rolls/quick/test-1.png)');
  expect(results).toContain('The audio is rendered, not recorded');
  expect(existsSync(join(paths.outDir, 'piano-rolls', 'quick', 'test-0.png'))).toBe(true);
  expect(lines.some((l) => l.startsWith('teacher: saved to'))).toBe(true);

  // A second run reuses the renderings and the saved teacher, and leaves no tensors behind.
  const again: string[] = [];
  const before = tf.memory().numTensors;
  await runExperiment({ ...config, gates: ['loss-compare'] }, paths, { backend: 'wasm', log: (line) => void again.push(line), corpus });
  expect(tf.memory().numTensors).toBe(before);
  expect(renders).toBe(4);
  expect(again.some((l) => l.startsWith('teacher: loading'))).toBe(true);
}, 300_000);

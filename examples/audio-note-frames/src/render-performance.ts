import type { MidiPerformance } from '@selective-kd/audio';
import { SpessaSynthProcessor, type BasicSoundBank } from 'spessasynth_core';

export interface RenderOptions {
  sampleRate: number;
  /** Render only the first `seconds` (default: the whole piece plus `tail`). */
  seconds?: number;
  /** Seconds rendered after the last event, for the notes' release. Default 1. */
  tail?: number;
}

/** Samples per synthesiser call; events land on exact sample positions between calls. */
const BLOCK = 128;

/**
 * Plays a MIDI performance through a SoundFont with spessasynth_core's
 * synthesiser (pure JS) and returns the mono mix (mean of left and right).
 * The synthesiser is driven directly from the same event times that give the
 * labels, so audio and note frames share one clock; every channel is
 * rendered, percussion included. Reverb and chorus are off so a note's sound
 * ends with its release. System-exclusive messages are not sent.
 */
export function renderPerformance(performance: MidiPerformance, soundBank: BasicSoundBank, options: RenderOptions): Float32Array {
  const { sampleRate, tail = 1 } = options;
  const seconds = Math.min(options.seconds ?? Infinity, performance.duration + tail);
  const length = Math.ceil(seconds * sampleRate);
  const synth = new SpessaSynthProcessor(sampleRate, { maxBufferSize: BLOCK, effectsEnabled: false, eventsEnabled: false });
  synth.soundBankManager.addSoundBank(soundBank, 'main');
  const left = new Float32Array(length);
  const right = new Float32Array(length);

  let position = 0;
  const renderTo = (end: number) => {
    for (; position < end; position += Math.min(BLOCK, end - position)) {
      synth.process(left, right, position, Math.min(BLOCK, end - position));
    }
  };
  for (const { seconds: at, event } of performance.events) {
    const sample = Math.round(at * sampleRate);
    if (sample >= length) break;
    renderTo(sample);
    switch (event.type) {
      case 'noteOn':
        synth.noteOn(event.channel, event.noteNumber, event.velocity);
        break;
      case 'noteOff':
        synth.noteOff(event.channel, event.noteNumber);
        break;
      case 'programChange':
        synth.programChange(event.channel, event.programNumber);
        break;
      case 'controller':
        synth.controllerChange(event.channel, event.controllerType as never, event.value);
        break;
      case 'pitchBend':
        synth.pitchWheel(event.channel, event.value + 0x2000); // midi-file centres bends on 0, the synth on 8192
        break;
      case 'channelAftertouch':
        synth.channelPressure(event.channel, event.amount);
        break;
      case 'noteAftertouch':
        synth.polyPressure(event.channel, event.noteNumber, event.amount);
        break;
    }
  }
  renderTo(length);
  const mono = new Float32Array(length);
  for (let i = 0; i < length; i++) mono[i] = 0.5 * (left[i] + right[i]);
  return mono;
}

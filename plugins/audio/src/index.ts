export { audioModality, type AudioGranularity, type AudioModalityOptions } from './audio-modality.js';
export { noteFrameMetrics } from './note-frame-metrics.js';
export { decodeWav, type AudioClip, type DecodeWavOptions } from './decode-wav.js';
export { resample, type ResampleOptions } from './resample.js';
export { spectrogram, type Spectrogram, type SpectrogramOptions } from './spectrogram.js';
export { hzToMel, melFilterbank, melToHz } from './mel-filterbank.js';
export {
  LOWEST_KEY,
  PERCUSSION_CHANNEL,
  PIANO_KEYS,
  readMidi,
  type MidiPerformance,
  type Note,
  type TimedMidiEvent,
} from './read-midi.js';
export { noteFrames } from './note-frames.js';
export {
  noteFrameExcerpts,
  type NoteFrameClip,
  type NoteFrameExcerpt,
  type NoteFrameExcerptOptions,
} from './note-frame-excerpts.js';
export { noteFrameBatches, type NoteFrameBatchOptions } from './note-frame-batches.js';
export { measureScaling, scaleClip, type FeatureScaling } from './feature-scaling.js';
export { pianoRoll, type PianoRollInputs, type PianoRollOptions } from './piano-roll.js';
export { pianoRollSvg, ROLL_FONT_FAMILY, type PianoRollSvgOptions } from './piano-roll-svg.js';
export { readNoteFrameFolder, type NoteFramePair, type ReadNoteFrameFolderOptions } from './read-note-frame-folder.js';

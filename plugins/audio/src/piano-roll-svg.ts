import { pngDataUri, pngSize, SelectiveKdError, svgText } from '@selective-kd/core';
import { pianoRoll, type PianoRollInputs, type PianoRollOptions } from './piano-roll.js';
import { LOWEST_KEY, PIANO_KEYS } from './read-midi.js';

export interface PianoRollSvgOptions extends PianoRollOptions {
  /** Frames per second of the note frames (sample rate / hop); required, it makes the time axis. */
  frameRate: number;
  /** Time in seconds of the excerpt's first frame within its piece. Default 0. */
  startSeconds?: number;
  /** A heading above the rolls; none by default. */
  title?: string;
}

/** The font every label names; @selective-kd/plots ships it and rasterises with it alone. */
export const ROLL_FONT_FAMILY = 'DejaVu Sans';

const ROWS = ['ground truth', 'teacher', 'student', 'contrast mask'] as const;
const NOTE_NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];
const MARGIN = 8;
const FONT = 12;
const TICK_FONT = 10;
const ROW_TITLES = 92;
const PITCH_AXIS = 30;
const SWATCH = 11;
/** Room for the widest legend heading, 'mask (per frame):' in bold. */
const LEGEND_INDENT = 136;
/** Tick spacings tried in turn until ticks are at least MIN_TICK_GAP pixels apart. */
const TICK_STEPS = [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 30, 60];
const MIN_TICK_GAP = 48;

/**
 * One sample as an SVG that explains itself: the four stacked panels of
 * `pianoRoll` (embedded unchanged as a PNG, drawn without smoothing) with a
 * title per row, a pitch axis naming every C (C1 … C8) on each roll, a time
 * axis in seconds under them, and a legend of what each colour means. Text is
 * SVG text in DejaVu Sans, so a rasteriser with that font (`svgToPng` of
 * @selective-kd/plots) draws it the same everywhere.
 */
export function pianoRollSvg(inputs: PianoRollInputs, sample: number, options: PianoRollSvgOptions): string {
  const { frameRate, startSeconds = 0, title, frameWidth = 2, keyHeight = 2, stripHeight = 16 } = options;
  if (!(Number.isFinite(frameRate) && frameRate > 0)) throw new SelectiveKdError('INVALID_OPTION', `frameRate must be a number > 0 (frames per second); got ${frameRate}`);
  if (!(Number.isFinite(startSeconds) && startSeconds >= 0)) throw new SelectiveKdError('INVALID_OPTION', `startSeconds must be a number ≥ 0; got ${startSeconds}`);
  const png = pianoRoll(inputs, sample, options);
  const { width: rollWidth, height: rollHeight } = pngSize(png);
  const keys = PIANO_KEYS * keyHeight;
  const lastRows = inputs.mask.rank === 3 ? keys : stripHeight;
  // The gap between panels is pianoRoll's own: whatever is not panels, shared by the three gaps.
  const gap = (rollHeight - 3 * keys - lastRows) / (ROWS.length - 1);
  const panelTops = ROWS.map((_, i) => i * (keys + gap));
  const left = MARGIN + ROW_TITLES + PITCH_AXIS;
  const parts: string[] = [];
  let top = MARGIN;
  if (title) {
    parts.push(svgText(MARGIN, top + 14, title, { size: 14, bold: true }));
    top += 24;
  }
  parts.push(
    `<image x="${left}" y="${top}" width="${rollWidth}" height="${rollHeight}" image-rendering="optimizeSpeed" style="image-rendering:pixelated" href="${pngDataUri(png)}"/>`,
  );
  ROWS.forEach((row, i) => {
    const y = top + panelTops[i];
    const rows = i < 3 ? keys : lastRows;
    parts.push(svgText(MARGIN, y + Math.min(FONT, rows / 2 + FONT / 2 - 1), row, { bold: true }));
    parts.push(`<rect x="${left - 0.5}" y="${y - 0.5}" width="${rollWidth + 1}" height="${rows + 1}" fill="none" stroke="#808080"/>`);
    if (rows === keys) pitchAxis(parts, left, y, keyHeight);
  });
  top += rollHeight;
  top = timeAxis(parts, left, top, rollWidth / frameWidth, frameRate, frameWidth, startSeconds);
  const drawn = legend(parts, top, inputs.mask.rank === 3);
  top = drawn.bottom;
  const width = Math.max(left + rollWidth, drawn.right) + MARGIN;
  const height = top + MARGIN;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${ROLL_FONT_FAMILY}">
<rect width="100%" height="100%" fill="white"/>
${parts.join('\n')}
</svg>
`;
}

/** A tick and a note name at every C of the 88 keys (C1 = MIDI 24 … C8 = MIDI 108), in the middle of its key row. */
function pitchAxis(parts: string[], left: number, top: number, keyHeight: number): void {
  for (let key = PIANO_KEYS - 1; key >= 0; key--) {
    const midi = key + LOWEST_KEY;
    if (midi % 12 !== 0) continue;
    const y = top + (PIANO_KEYS - 1 - key) * keyHeight + keyHeight / 2;
    parts.push(`<line x1="${left - 4}" y1="${y}" x2="${left}" y2="${y}" stroke="black"/>`);
    parts.push(svgText(left - 6, y + TICK_FONT / 2 - 1, noteName(midi), { size: TICK_FONT, anchor: 'end' }));
  }
}

/** Ticks at round seconds (the smallest step leaving room between labels), labelled in seconds; returns the y below it. */
function timeAxis(parts: string[], left: number, top: number, frames: number, frameRate: number, frameWidth: number, startSeconds: number): number {
  const pixelsPerSecond = frameRate * frameWidth;
  const step = TICK_STEPS.find((s) => s * pixelsPerSecond >= MIN_TICK_GAP) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const end = startSeconds + frames / frameRate;
  const axis = top + 3;
  parts.push(`<line x1="${left}" y1="${axis}" x2="${left + frames * frameWidth}" y2="${axis}" stroke="black"/>`);
  // Integer tick indices keep 0.1-second steps free of floating-point drift in the labels.
  for (let i = Math.ceil(startSeconds / step - 1e-9); i * step <= end + 1e-9; i++) {
    const seconds = i * step;
    // Rounded to 1/100 px: 0.6 − 0.5 is not 0.1 in floating point.
    const x = Math.round((left + (seconds - startSeconds) * pixelsPerSecond) * 100) / 100;
    parts.push(`<line x1="${x}" y1="${axis}" x2="${x}" y2="${axis + 4}" stroke="black"/>`);
    parts.push(svgText(x, axis + 6 + TICK_FONT, formatSeconds(seconds, step), { size: TICK_FONT, anchor: 'middle' }));
  }
  parts.push(svgText(left + (frames * frameWidth) / 2, axis + 8 + TICK_FONT + FONT + 2, 'time (s)', { anchor: 'middle' }));
  return axis + 8 + TICK_FONT + FONT + 12;
}

/** Swatches of every colour the rolls use, one row per line of meaning; returns where it ends below and to the right. */
function legend(parts: string[], top: number, perKeyMask: boolean): { bottom: number; right: number } {
  const rows: { heading: string; entries: { fill: string; label: string }[] }[] = [
    {
      heading: 'rolls',
      entries: [
        { fill: 'rgb(255,255,255)', label: 'note on (ground truth)' },
        { fill: 'rgb(255,160,40)', label: 'teacher σ(logit)' },
        { fill: 'rgb(60,200,255)', label: 'student σ(logit)' },
        { fill: 'rgb(40,40,40)', label: 'line at every C' },
      ],
    },
    {
      heading: perKeyMask ? 'mask (per key)' : 'mask (per frame)',
      entries: [
        { fill: 'rgb(255,255,255)', label: 'teacher better (distilled)' },
        { fill: 'rgb(0,0,0)', label: 'student better or tie' },
        { fill: 'rgb(96,96,96)', label: 'padding (no frame)' },
      ],
    },
  ];
  let y = top;
  let right = 0;
  for (const { heading, entries } of rows) {
    parts.push(svgText(MARGIN, y + FONT, `${heading}:`, { bold: true }));
    let x = MARGIN + LEGEND_INDENT;
    for (const { fill, label } of entries) {
      parts.push(`<rect x="${x}" y="${y + 2}" width="${SWATCH}" height="${SWATCH}" fill="${fill}" stroke="#808080" stroke-width="0.5"/>`);
      parts.push(svgText(x + SWATCH + 5, y + FONT, label));
      // DejaVu Sans averages about 0.6 em per character: enough to place entries without measuring.
      x += SWATCH + 5 + Math.ceil(label.length * FONT * 0.6) + 14;
    }
    right = Math.max(right, x);
    y += 18;
  }
  parts.push(svgText(MARGIN, y + FONT - 1, 'Brighter = surer: a prediction is drawn at σ(logit) of its colour.', { size: TICK_FONT }));
  return { bottom: y + 16, right };
}

/** Scientific pitch notation: MIDI 60 is C4, MIDI 21 is A0. */
function noteName(midi: number): string {
  return `${NOTE_NAMES[midi % 12]}${Math.floor(midi / 12) - 1}`;
}

function formatSeconds(seconds: number, step: number): string {
  const decimals = step >= 1 ? 0 : step === 0.25 ? 2 : 1;
  return seconds.toFixed(decimals);
}

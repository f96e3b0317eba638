import type { BackendPreference } from '@selective-kd/core';
import type { LiveEvaluation } from './live-training.js';
import type { ShownGate } from './shown-gates.js';

/** What the page tells the training worker. */
export type ToWorker =
  | {
      type: 'init';
      /** Absolute URL of the page's folder: `teacher/model.json` and `data/` are fetched relative to it. */
      baseUrl: string;
      /** A backend forced by `?backend=`; unset: the fastest that starts. */
      backend?: BackendPreference;
      /** Pause after this many steps per student (`?stopAfter=`). */
      stopAfter?: number;
      shownGate: ShownGate;
    }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'show-gate'; gate: ShownGate }
  | { type: 'show-image'; index: number };

/** RGBA pixels ready for `new ImageData(rgba, width, height)`. */
export interface Picture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** The shown gate's student on one test mosaic, with the teacher and the truth beside it. */
export interface PreviewMessage {
  type: 'preview';
  step: number;
  gate: ShownGate;
  /** Index of the mosaic among the test mosaics, and how many there are. */
  index: number;
  count: number;
  input: Picture;
  truth: Picture;
  teacher: Picture;
  student: Picture;
  /** White where the teacher's per-pixel loss is below the student's, black elsewhere. */
  mask: Picture;
  /** Share of the mosaic's pixels that are white in the mask. */
  teacherBetter: number;
}

/** What the training worker tells the page. */
export type FromWorker =
  | { type: 'backend'; backend: string; preference: string; reason: string }
  | { type: 'loading'; what: string }
  | {
      type: 'ready';
      classNames: string[];
      trainCount: number;
      testCount: number;
      /** The teacher's test mIoU, the line the students climb towards. */
      teacherMeanIoU: number;
    }
  | { type: 'state'; state: 'training' | 'paused'; step: number; stepsPerSecond?: number }
  /** After every round: each student has taken `step` optimiser steps. */
  | { type: 'progress'; step: number; stepsPerSecond: number }
  | PreviewMessage
  | ({ type: 'evaluation' } & LiveEvaluation)
  | { type: 'error'; message: string; backend?: string };

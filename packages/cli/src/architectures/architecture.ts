import type { LayersModel } from '@tensorflow/tfjs-layers';

/** One size option of an architecture: its default and the whole numbers it allows. */
export interface SizeOption {
  default: number;
  min: number;
  max: number;
  /** What it sets, for --help and the docs. */
  description: string;
}

/** A named student architecture: what it is, its size options and how to build it for the data's shape. */
export interface Architecture<Shape> {
  description: string;
  sizes: Record<string, SizeOption>;
  build(shape: Shape, sizes: Record<string, number>, seed: number, name: string): LayersModel;
}

/** What a pixel model reads and predicts: `[B,H,W,channels]` → logits `[B,h,w,classes]`. */
export interface PixelShape {
  height: number;
  width: number;
  channels: number;
  classes: number;
}

/** What a token tagger reads and predicts: ids `[B,length]` → logits `[B,length,tags]`. */
export interface TextShape {
  length: number;
  vocabularySize: number;
  tags: number;
}

/** What a note-frame model reads and predicts: `[B,frames+2·context,bins,1]` → logits `[B,frames,88]`. */
export interface AudioShape {
  frames: number;
  context: number;
  bins: number;
}

/**
 * A counter of initialiser seeds derived from the model's seed, a different
 * one per layer, so one seed fixes all weights. Seeds start at 1: tfjs takes
 * 0 as "no seed" and draws from Math.random.
 */
export function layerSeeds(seed: number): () => number {
  let layer = 0;
  return () => 1 + seed * 1000 + layer++;
}

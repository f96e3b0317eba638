import type { LayersModel } from '@tensorflow/tfjs-layers';

/** A tfjs layer as far as this file reads it. */
type AnyLayer = { getClassName(): string; seed?: number } & Record<string, unknown>;

/**
 * The tfjs-layers classes that draw their noise from `this.seed`: `Dropout`
 * and its subclass `SpatialDropout1D` hand it to `tf.dropout`, which seeds a
 * fresh generator with it on every call — so a fixed seed draws the same mask
 * at every step. (tfjs-layers 4.22 has no `SpatialDropout2D`; `GaussianNoise`,
 * `GaussianDropout`, `AlphaDropout` and recurrent cells' `dropout` take no seed
 * and draw from `Math.random`: different at every step, not reproducible.)
 */
const SEEDED_CLASS = 'Dropout';

/**
 * Gives every seeded dropout layer of a model (also inside nested models and
 * wrappers such as `timeDistributed` and `bidirectional`) its own seed for
 * each training step, derived from the run's seed, the global step and the
 * layer's position: a run is reproducible, every step draws new masks, and
 * runs that share a seed (say, one per gate) share their masks.
 */
export class DropoutSeeds {
  private readonly layers: AnyLayer[];
  private readonly original: (number | undefined)[];

  constructor(model: LayersModel) {
    this.layers = seededLayers(model);
    this.original = this.layers.map((layer) => layer.seed);
  }

  /** Sets the seeds for step `globalStep` of a run with seed `seed`. */
  seedStep(seed: number, globalStep: number): void {
    this.layers.forEach((layer, index) => {
      layer.seed = mix(seed, globalStep, index);
    });
  }

  /** Puts the layers' own seeds back. */
  restore(): void {
    this.layers.forEach((layer, index) => {
      layer.seed = this.original[index];
    });
  }
}

/** The model's seeded dropout layers in a fixed order: depth first, in layer order. */
function seededLayers(model: LayersModel): AnyLayer[] {
  const found: AnyLayer[] = [];
  const seen = new Set<unknown>();
  const visit = (layer: AnyLayer) => {
    if (seen.has(layer)) return;
    seen.add(layer);
    if (isSeededDropout(layer)) found.push(layer);
    // Nested models hold `layers`; wrappers hold `layer`; `bidirectional` holds one per direction.
    const inner = [...(Array.isArray(layer.layers) ? layer.layers : []), layer.layer, layer.forwardLayer, layer.backwardLayer];
    for (const child of inner) if (isLayer(child)) visit(child);
  };
  visit(model as unknown as AnyLayer);
  return found;
}

function isLayer(value: unknown): value is AnyLayer {
  return typeof value === 'object' && value !== null && typeof (value as AnyLayer).getClassName === 'function';
}

/** A Dropout or a subclass of it (SpatialDropout1D, or a user's own), found by the registered class names up the prototype chain. */
function isSeededDropout(layer: AnyLayer): boolean {
  for (let proto = Object.getPrototypeOf(layer); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if ((proto.constructor as { className?: string }).className === SEEDED_CLASS) return true;
  }
  return false;
}

/** A 32-bit hash of three whole numbers (murmur3's finaliser after each part), so nearby steps and layers get unrelated seeds. */
function mix(seed: number, step: number, index: number): number {
  let h = 0x9e3779b9;
  for (const part of [seed, Math.floor(seed / 2 ** 32), step, Math.floor(step / 2 ** 32), index]) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

import type { InjectionToken } from 'tsyringe';
import type { AnyModalityPlugin } from '../modality-plugin.js';

/**
 * Multi-provider token under which a composition root registers modality
 * plugins: `container.register(MODALITY, { useValue: pixelModality() })`.
 * A `Symbol.for`, so every copy of core agrees on it.
 */
export const MODALITY: InjectionToken<AnyModalityPlugin> = Symbol.for('@selective-kd/core:modality');

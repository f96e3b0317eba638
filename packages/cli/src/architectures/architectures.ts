import type { ModalityName } from '../config/distill-config.js';
import type { Architecture, AudioShape, PixelShape, TextShape } from './architecture.js';
import { AUDIO_ARCHITECTURES } from './audio-architectures.js';
import { PIXEL_ARCHITECTURES } from './pixel-architectures.js';
import { TEXT_ARCHITECTURES } from './text-architectures.js';

/** The input and output shapes a modality's students are built for. */
export interface ShapeOf {
  pixel: PixelShape;
  text: TextShape;
  audio: AudioShape;
}

/** Every named student architecture, by modality. */
export const ARCHITECTURES: { [M in ModalityName]: Record<string, Architecture<ShapeOf[M]>> } = {
  pixel: PIXEL_ARCHITECTURES,
  text: TEXT_ARCHITECTURES,
  audio: AUDIO_ARCHITECTURES,
};

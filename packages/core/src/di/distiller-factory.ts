import { inject, injectable } from 'tsyringe';
import type { AnyModalityPlugin } from '../modality-plugin.js';
import { SelectiveDistiller, type SelectiveDistillerConfig } from '../training/selective-distiller.js';
import { ModalityRegistry } from './modality-registry.js';

/** A distiller's configuration where the modality may be named instead of given. */
export type DistillerRequest = Omit<SelectiveDistillerConfig, 'modality'> & { modality: string | AnyModalityPlugin };

/** Builds `SelectiveDistiller`s, finding named modalities in the registry. */
@injectable()
export class DistillerFactory {
  constructor(@inject(ModalityRegistry) private readonly registry: ModalityRegistry) {}

  create(request: DistillerRequest): SelectiveDistiller {
    const modality = typeof request.modality === 'string' ? this.registry.get(request.modality) : request.modality;
    return new SelectiveDistiller({ ...request, modality });
  }
}

import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { DistillerFactory } from './distiller-factory.js';
import { ModalityRegistry } from './modality-registry.js';

/**
 * A child container holding core's services (`ModalityRegistry`,
 * `DistillerFactory`). The composition root registers plugins under
 * `MODALITY` on it, then resolves `DistillerFactory`. Services are resolved
 * fresh each time, so plugins registered later are seen.
 */
export function createSelectiveContainer(parent: DependencyContainer = rootContainer): DependencyContainer {
  const child = parent.createChildContainer();
  child.register(ModalityRegistry, { useClass: ModalityRegistry });
  child.register(DistillerFactory, { useClass: DistillerFactory });
  return child;
}

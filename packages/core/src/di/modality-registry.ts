import { injectable, injectAll } from 'tsyringe';
import type { AnyModalityPlugin } from '../modality-plugin.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { MODALITY } from './tokens.js';

/** The modality plugins registered under `MODALITY`, by `meta.name`. */
@injectable()
export class ModalityRegistry {
  private readonly byName = new Map<string, AnyModalityPlugin>();

  constructor(@injectAll(MODALITY, { isOptional: true }) plugins: AnyModalityPlugin[]) {
    for (const plugin of plugins) {
      const name = plugin?.meta?.name;
      if (typeof name !== 'string' || name === '') {
        throw new SelectiveKdError('INVALID_OPTION', 'a modality plugin must have meta.name, a non-empty string');
      }
      const existing = this.byName.get(name);
      if (existing) {
        throw new SelectiveKdError(
          'DUPLICATE_MODALITY',
          `two modality plugins are named '${name}' (versions ${existing.meta.version} and ${plugin.meta.version}); register each modality once`,
        );
      }
      this.byName.set(name, plugin);
    }
  }

  /** Names of the registered modalities, sorted. */
  get names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** The plugin named `name`; an error naming the known ones if there is none. */
  get(name: string): AnyModalityPlugin {
    const plugin = this.byName.get(name);
    if (!plugin) {
      const known = this.names.length > 0 ? `known modalities: ${this.names.join(', ')}` : 'no modality is registered';
      throw new SelectiveKdError('UNKNOWN_MODALITY', `no modality plugin named '${name}'; ${known}`);
    }
    return plugin;
  }
}

import { injectable, injectAll } from 'tsyringe';
import type { AnyModalityPlugin } from '../modality-plugin.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { MODALITY } from './tokens.js';

/**
 * The modality plugins registered under `MODALITY`, by `meta.name`. The
 * plugins are checked on first use rather than in the constructor, so a
 * duplicate surfaces as its own `SelectiveKdError` and not wrapped in
 * tsyringe's resolution error.
 */
@injectable()
export class ModalityRegistry {
  private indexed: Map<string, AnyModalityPlugin> | undefined;

  constructor(@injectAll(MODALITY, { isOptional: true }) private readonly plugins: AnyModalityPlugin[]) {}

  private get byName(): Map<string, AnyModalityPlugin> {
    this.indexed ??= indexByName(this.plugins);
    return this.indexed;
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

function indexByName(plugins: AnyModalityPlugin[]): Map<string, AnyModalityPlugin> {
  const byName = new Map<string, AnyModalityPlugin>();
  for (const plugin of plugins) {
    const name = plugin?.meta?.name;
    if (typeof name !== 'string' || name === '') {
      throw new SelectiveKdError('INVALID_OPTION', 'a modality plugin must have meta.name, a non-empty string');
    }
    const existing = byName.get(name);
    if (existing) {
      throw new SelectiveKdError(
        'DUPLICATE_MODALITY',
        `two modality plugins are named '${name}' (versions ${existing.meta.version} and ${plugin.meta.version}); register each modality once`,
      );
    }
    byName.set(name, plugin);
  }
  return byName;
}

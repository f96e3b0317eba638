import type { ProtocolConfig } from './protocol-config.js';

type Chosen = Pick<ProtocolConfig, 'seeds' | 'regimes'>;

/**
 * The command that reruns an example in RESULTS.md, from the repository
 * root; `--seeds` and `--regimes` only when they are not the mode's default.
 */
export function rerunCommand(example: string, config: Pick<ProtocolConfig, 'mode'> & Chosen, defaults: Record<ProtocolConfig['mode'], Chosen>): string {
  const flag = (name: keyof Chosen) =>
    config[name].join(',') !== defaults[config.mode][name].join(',') ? ` --${name} ${config[name].join(',')}` : '';
  return `npm run build && node examples/${example}/dist/main.js --mode ${config.mode}${flag('seeds')}${flag('regimes')}`;
}

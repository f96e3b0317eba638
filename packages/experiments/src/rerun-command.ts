import type { ProtocolConfig } from './protocol-config.js';

/**
 * The command that reruns an example in RESULTS.md, from the repository
 * root; `--seeds` only when the run's seeds are not its mode's default.
 */
export function rerunCommand(
  example: string,
  { mode, seeds }: Pick<ProtocolConfig, 'mode' | 'seeds'>,
  defaults: Record<ProtocolConfig['mode'], Pick<ProtocolConfig, 'seeds'>>,
): string {
  const seedFlag = seeds.join(',') !== defaults[mode].seeds.join(',') ? ` --seeds ${seeds.join(',')}` : '';
  return `npm run build && node examples/${example}/dist/main.js --mode ${mode}${seedFlag}`;
}

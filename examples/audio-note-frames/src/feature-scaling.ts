import { SelectiveKdError } from '@selective-kd/core';
import type { FeatureScaling } from '@selective-kd/audio';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The teachers' feature standardisation, `<dir>/features.json`, written by `npm run teachers` beside the models that read with it. */
export function writeScaling(dir: string, scaling: FeatureScaling): void {
  writeFileSync(join(dir, 'features.json'), `${JSON.stringify(scaling, null, 2)}\n`);
}

export function readScaling(dir: string): FeatureScaling {
  const file = join(dir, 'features.json');
  if (!existsSync(file)) throw new SelectiveKdError('INVALID_OPTION', `${file} is missing: run \`npm run teachers -w @selective-kd/example-audio-note-frames\` first`);
  const { mean, std } = JSON.parse(readFileSync(file, 'utf8')) as FeatureScaling;
  if (!Number.isFinite(mean) || !(std > 0)) throw new SelectiveKdError('INVALID_INPUT', `${file} must hold a finite mean and a positive std; got ${mean}, ${std}`);
  return { mean, std };
}

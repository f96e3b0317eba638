import type { ExperimentPaths, ModalityReport, ProtocolReport, RunOptions } from '@selective-kd/experiments';
import * as audio from '@selective-kd/example-audio-note-frames';
import * as pixel from '@selective-kd/example-pixel-segmentation';
import * as text from '@selective-kd/example-text-pos-tagging';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** One example as the combined commands see it: its quick run, its report settings and its folder. */
export interface Example {
  name: 'pixel' | 'text' | 'audio';
  packageName: string;
  report: ModalityReport;
  run: (paths: ExperimentPaths, options: RunOptions) => Promise<{ report: ProtocolReport }>;
}

export const EXAMPLES: readonly Example[] = [
  {
    name: 'pixel',
    packageName: '@selective-kd/example-pixel-segmentation',
    report: pixel.REPORT,
    run: (paths, options) => pixel.runExperiment(pixel.QUICK, paths, options),
  },
  {
    name: 'text',
    packageName: '@selective-kd/example-text-pos-tagging',
    report: text.REPORT,
    run: (paths, options) => text.runExperiment(text.QUICK, paths, options),
  },
  {
    name: 'audio',
    packageName: '@selective-kd/example-audio-note-frames',
    report: audio.REPORT,
    run: (paths, options) => audio.runExperiment(audio.QUICK, paths, options),
  },
];

const require = createRequire(import.meta.url);

/** The example's folder (where its README, RESULTS.md and results-full.json live). */
export function exampleDir(example: Example): string {
  return dirname(require.resolve(`${example.packageName}/package.json`));
}

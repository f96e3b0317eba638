import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CliIo } from '../cli-io.js';
import type { ModalityName } from '../config/distill-config.js';
import { writeExampleData } from '../example-data/write-example-data.js';
import { WALKTHROUGH_CONFIGS } from './walkthrough-configs.js';

/**
 * `selective-kd example-data <folder>`: writes the three small data sets and,
 * beside them, `<modality>-teacher.json` and `<modality>-student.json`, the
 * walk-through's configs (docs/cli.md).
 */
export async function exampleData(folder: string, seed: number, io: CliIo): Promise<void> {
  const summary = await writeExampleData(folder, { seed });
  const configs: string[] = [];
  for (const [modality, { teacher, student }] of Object.entries(WALKTHROUGH_CONFIGS) as [ModalityName, { teacher: object; student: object }][]) {
    for (const [role, config] of [['teacher', teacher], ['student', student]] as const) {
      const file = join(folder, `${modality}-${role}.json`);
      await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
      configs.push(file);
    }
  }
  const { pixel, text, audio } = summary;
  const count = (c: Record<string, number>) => `${c.train} train, ${c.dev} dev, ${c.test} test`;
  const show = (path: string) => relative(process.cwd(), path) || '.';
  io.stdout.write(
    [
      `${show(pixel.dir)}: ${count(pixel.images)} images (${pixel.size}×${pixel.size}, classes ${pixel.classes.join(', ')})`,
      `${show(text.dir)}: ${count(text.sentences)} sentences (CoNLL-U)`,
      `${show(audio.dir)}: ${count(audio.clips)} WAV + MIDI pairs (${audio.seconds} s at ${audio.sampleRate} Hz, ${audio.notes} notes)`,
      `configs: ${configs.map(show).join(', ')}`,
      `next: selective-kd distill --config ${show(configs[0])}`,
      '',
    ].join('\n'),
  );
}

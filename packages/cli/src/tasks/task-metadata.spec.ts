import { SelectiveKdError } from '@selective-kd/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTaskMetadata, writeTaskMetadata, type TaskMetadata } from './task-metadata.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'selective-kd-task-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('task.json', () => {
  it('round-trips a text task, its vocabulary in vocabulary.json, from the folder or its model.json', async () => {
    const task: TaskMetadata = { modality: 'text', tags: ['NOUN', 'VERB'], length: 8, lowercase: true, vocabulary: ['<pad>', '<unk>', 'fish'] };
    await writeTaskMetadata(dir, task);
    expect(await readTaskMetadata(dir, 'text')).toEqual(task);
    expect(await readTaskMetadata(join(dir, 'model.json'), 'text')).toEqual(task);
  });

  it('round-trips an audio task and is absent for a folder without one', async () => {
    const task: TaskMetadata = {
      modality: 'audio',
      features: { sampleRate: 16000, windowSize: 1024, hopSize: 512, melBands: 48, frames: 32, context: 2 },
      scaling: { mean: -4.5, std: 2.25 },
    };
    await writeTaskMetadata(dir, task);
    expect(await readTaskMetadata(dir, 'audio')).toEqual(task);
    expect(await readTaskMetadata(join(dir, 'elsewhere'), 'audio')).toBeUndefined();
  });

  it('refuses a task of another modality and a file that is not one, naming it', async () => {
    await writeTaskMetadata(dir, { modality: 'pixel', classes: ['a', 'b'], height: 4, width: 4, channels: 1, ignoreLabel: 255 });
    await expect(readTaskMetadata(dir, 'text')).rejects.toThrow(`the model in ${dir} was trained for the pixel modality`);
    writeFileSync(join(dir, 'task.json'), '{"format": "other"}');
    await expect(readTaskMetadata(dir, 'pixel')).rejects.toThrow('is not a selective-kd task file');
    writeFileSync(join(dir, 'task.json'), '{"format": "selec');
    const cut = readTaskMetadata(dir, 'pixel');
    await expect(cut).rejects.toBeInstanceOf(SelectiveKdError);
    await expect(readTaskMetadata(dir, 'pixel')).rejects.toThrow(`cannot read ${join(dir, 'task.json')}`);
  });
});

import { evaluateModel, fileSystem, initBackend, loadTeacher, SelectiveDistiller } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { readConfig } from '../config/read-config.js';
import { buildStudent } from '../run/build-student.js';
import { epochRows, scoreTable, writeResults, type RunResults } from '../run/results.js';
import { prepareTask } from '../tasks/prepare-task.js';
import { readTaskMetadata, writeTaskMetadata } from '../tasks/task-metadata.js';
import { teacherView } from '../tasks/teacher-view.js';

/** Where a run keeps its checkpoints, inside the output folder. */
const CHECKPOINT_DIR = 'checkpoint';

/**
 * `selective-kd distill --config <file>`: reads the data, builds the student,
 * trains it (from the teacher, or on the ground truth alone) with early
 * stopping on dev, and writes the student, task.json, metrics.jsonl,
 * results.json/.md and the contrast-mask pictures into the output folder.
 * A run that stopped resumes from its checkpoint when started again.
 */
export async function distill(configPath: string, io: CliIo): Promise<void> {
  const started = performance.now();
  const config = await readConfig(configPath);
  const say = (line: string) => io.stderr.write(`selective-kd: ${line}\n`);
  const choice = await initBackend(config.backend);
  say(`backend ${choice.backend} (${choice.reason})`);

  const teacher = config.teacher === undefined ? undefined : await loadTeacher(config.teacher);
  let student: LayersModel | undefined;
  let distiller: SelectiveDistiller | undefined;
  try {
    const known = config.teacher === undefined ? undefined : await readTaskMetadata(config.teacher, config.modality.name);
    const task = await prepareTask(config, known);
    student = await buildStudent(config, task);
    const { output } = config;
    await mkdir(join(output, 'masks'), { recursive: true });
    await writeTaskMetadata(output, task.metadata);

    const checkpointDir = join(output, CHECKPOINT_DIR);
    // The file core's checkpoints point at the latest one with: there is something to resume from.
    const resume = existsSync(join(checkpointDir, 'checkpoint.json'));
    say(
      `${resume ? 'resuming' : 'training'} student '${student.name}' (${student.countParams()} parameters) ` +
        (teacher ? `from the teacher ${config.teacher}, gate ${config.selective.gate}` : 'on the ground truth alone') +
        ` → ${output}`,
    );
    distiller = new SelectiveDistiller({
      ...(teacher ? { teacher } : {}),
      student,
      modality: task.modality,
      optimizer: tf.train.adam(config.training.learningRate),
      options: config.selective,
    });
    const fit = await distiller.fit(task.train, {
      epochs: config.training.epochs,
      seed: config.training.seed,
      validationData: task.dev,
      earlyStopping: { monitor: task.monitor, patience: config.training.patience },
      metricsLog: join(output, 'metrics.jsonl'),
      checkpoint: { dir: checkpointDir },
      ...(resume ? { resumeFrom: checkpointDir } : {}),
      progress: io.stderr,
    });
    await student.save(fileSystem(output));
    const results: RunResults = {
      modality: config.modality.name,
      backend: choice.backend,
      seed: config.training.seed,
      student: { name: student.name, parameters: student.countParams() },
      ...(config.teacher ? { teacher: config.teacher } : {}),
      gate: config.selective.gate,
      ...(fit.bestEpoch === undefined ? {} : { bestEpoch: fit.bestEpoch + 1 }),
      stoppedEarly: fit.stoppedEarly,
      epochs: epochRows(fit.history, teacher !== undefined && config.selective.gate !== 'none'),
      pictures: [],
      seconds: (performance.now() - started) / 1000,
    };
    await writeResults(output, results);

    const studentScore = await evaluateModel(student, task.test, task.modality);
    const teacherScore = teacher && (await evaluateModel(teacher, teacherView(task.test), task.modality));
    results.test = { student: studentScore, ...(teacherScore ? { teacher: teacherScore } : {}) };
    await writeResults(output, results);

    const pictures = await task.draw({ student, teacher, dir: join(output, 'masks'), count: config.pictures, options: config.selective });
    results.pictures = pictures.map((file) => relative(output, file));
    results.seconds = (performance.now() - started) / 1000;
    await writeResults(output, results);
    await writeFile(join(output, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);

    io.stdout.write(`${scoreTable([['student', studentScore], ...(teacherScore ? [['teacher', teacherScore] as const] : [])])}\n`);
    say(`wrote ${relative(process.cwd(), output) || '.'}/: model.json, task.json, metrics.jsonl, results.md, results.json${pictures.length ? `, ${pictures.length} pictures in masks/` : ''}`);
  } finally {
    // The optimizer's variables, then the models: also when the run failed half-way.
    distiller?.dispose();
    student?.dispose();
    teacher?.dispose();
  }
}

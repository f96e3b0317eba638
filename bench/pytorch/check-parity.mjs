// Checks that bench/pytorch/models.py builds the same models and loss as tfjs:
// for each configuration, exports the tfjs student's and teacher's weights,
// one batch and the selective loss tfjs computes on it (wasm + the project's
// kernels), then has PyTorch load the weights and compute the loss of the same
// batch (bench/pytorch/check-parity.py). Prints one JSON line per model.
//   node bench/pytorch/check-parity.mjs [python] [model,...]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend, selectiveDistillationLoss } from '@selective-kd/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS } from '../models.mjs';

const [python = 'python3', only] = process.argv.slice(2);
const ids = only ? only.split(',') : Object.keys(MODELS);
await initBackend('wasm');

/** Tensors as one binary file of float32/int32 values plus a manifest of names, shapes and offsets. */
function exportTensors(named) {
  const entries = [];
  const parts = [];
  let offset = 0;
  for (const [name, tensor] of named) {
    const values = tensor.dataSync();
    entries.push({ name, shape: tensor.shape, dtype: tensor.dtype === 'int32' ? 'int32' : 'float32', offset, length: values.length });
    parts.push(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    offset += values.byteLength;
  }
  return { entries, data: Buffer.concat(parts) };
}

const dir = mkdtempSync(join(tmpdir(), 'selective-kd-parity-'));
try {
  for (const id of ids) {
    const { student, teacher, batch, modality, temperature } = MODELS[id].build();
    const { inputs, labels, valid } = batch();
    const result = tf.tidy(() => {
      const losses = selectiveDistillationLoss(
        { student: student.apply(inputs, { training: true }), teacher: teacher.predict(inputs), labels, valid },
        modality,
        { gate: 'loss-compare', temperature },
      );
      return Object.fromEntries(['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction'].map((k) => [k, losses[k].dataSync()[0]]));
    });
    const { entries, data } = exportTensors([
      ...student.getWeights().map((w, i) => [`student/${i}`, w]),
      ...teacher.getWeights().map((w, i) => [`teacher/${i}`, w]),
      ['inputs', inputs],
      ['labels', labels],
      ...(valid ? [['valid', valid]] : []),
    ]);
    writeFileSync(join(dir, `${id}.bin`), data);
    writeFileSync(join(dir, `${id}.json`), JSON.stringify({ id, tfjs: result, tensors: entries, params: { student: student.countParams(), teacher: teacher.countParams() } }));
    tf.dispose([inputs, labels, valid]);
    student.dispose();
    teacher.dispose();
  }
  const script = fileURLToPath(new URL('./check-parity.py', import.meta.url));
  const check = spawnSync(python, [script, dir, ...ids], { stdio: 'inherit' });
  process.exitCode = check.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Checks that bench/pytorch/models.py builds the same models and loss as tfjs:
// for each configuration, exports the tfjs student's and teacher's weights,
// one batch and the selective loss tfjs computes on it (wasm + the project's
// kernels) before and after one training step (the distiller, Adam), then has
// PyTorch load the weights and do the same (bench/pytorch/check-parity.py).
// Prints one JSON line per model.
//   node bench/pytorch/check-parity.mjs [python] [model,...]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend, SelectiveDistiller, selectiveDistillationLoss } from '@selective-kd/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS } from '../models.mjs';

const [python = 'python3', only] = process.argv.slice(2);
const KEYS = ['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction'];
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
    const { student, teacher, batch, modality, temperature, learningRate } = MODELS[id].build();
    const { inputs, labels, valid } = batch();
    const lossOf = () =>
      tf.tidy(() => {
        const losses = selectiveDistillationLoss(
          { student: student.apply(inputs, { training: true }), teacher: teacher.predict(inputs), labels, valid },
          modality,
          { gate: 'loss-compare', temperature },
        );
        return Object.fromEntries(KEYS.map((k) => [k, losses[k].dataSync()[0]]));
      });
    const weights = [...student.getWeights().map((w, i) => [`student/${i}`, tf.clone(w)]), ...teacher.getWeights().map((w, i) => [`teacher/${i}`, tf.clone(w)])];
    const before = lossOf();
    // One training step as the examples take it: the distiller with Adam at the config's learning rate.
    const distiller = new SelectiveDistiller({ teacher, student, modality, optimizer: tf.train.adam(learningRate), options: { gate: 'loss-compare', temperature } });
    await distiller.fit([{ inputs, labels, valid }], { epochs: 1, progress: false, disposeBatches: false });
    const after = lossOf();
    const { entries, data } = exportTensors([
      ...weights,
      ['inputs', inputs],
      ['labels', labels],
      ...(valid ? [['valid', valid]] : []),
    ]);
    writeFileSync(join(dir, `${id}.bin`), data);
    writeFileSync(join(dir, `${id}.json`), JSON.stringify({ id, tfjs: { before, after }, learningRate, tensors: entries, params: { student: student.countParams(), teacher: teacher.countParams() } }));
    tf.dispose([inputs, labels, valid, ...weights.map(([, w]) => w)]);
    distiller.optimizer.dispose();
    student.dispose();
    teacher.dispose();
  }
  const script = fileURLToPath(new URL('./check-parity.py', import.meta.url));
  const check = spawnSync(python, [script, dir, ...ids], { stdio: 'inherit' });
  process.exitCode = check.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

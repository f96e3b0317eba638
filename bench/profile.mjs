// Where a training step's time goes, kernel by kernel: tf.profile over
// training steps of one bench model after warm-up, summed per kernel name.
//   node bench/profile.mjs <model id> [live|cached] [steps]
// Prints a Markdown table, the slowest kernels first. Run after `npm run build`.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as core from '@selective-kd/core';
import { MODELS } from './models.mjs';

const [id, teacherMode = 'live', stepsArg = '5'] = process.argv.slice(2);
if (!MODELS[id]) throw new Error(`unknown model '${id}'; known: ${Object.keys(MODELS).join(', ')}`);
const steps = Number(stepsArg);
await core.initBackend('wasm');

const { student, teacher, batch, modality, temperature, learningRate } = MODELS[id].build();
const first = batch();
const fixed = [{ ...first, indices: Array.from({ length: first.labels.shape[0] }, (_, i) => i) }];
const fitOptions = { progress: false, disposeBatches: false };
if (teacherMode === 'cached') {
  fitOptions.teacherOutputs = await core.TeacherOutputCache.compute(teacher, fixed, { disposeBatches: false });
}
const distiller = new core.SelectiveDistiller({
  teacher,
  student,
  modality,
  optimizer: tf.train.adam(learningRate),
  options: { gate: 'loss-compare', temperature },
});
await distiller.fit(fixed, { ...fitOptions, epochs: 3 }); // warm-up

let wall = 0;
const info = await tf.profile(async () => {
  const start = performance.now();
  await distiller.fit(fixed, { ...fitOptions, epochs: steps });
  wall = (performance.now() - start) / steps;
});
const byKernel = new Map();
// Custom-gradient ops and scopes show up as entries too, holding their inner kernels' time: leave them out.
for (const kernel of info.kernels.filter((k) => tf.getKernel(k.name, 'wasm') !== undefined)) {
  const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : (await kernel.kernelTimeMs)?.kernelMs ?? 0;
  const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
  entry.ms += ms / steps;
  entry.calls += 1 / steps;
  byKernel.set(kernel.name, entry);
}
const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
const inKernels = rows.reduce((sum, [, e]) => sum + e.ms, 0);
console.log(`${MODELS[id].label}, teacher ${teacherMode}, wasm: ${wall.toFixed(1)} ms per step under tf.profile, ${inKernels.toFixed(1)} ms of it in kernels (${rows.reduce((s, [, e]) => s + e.calls, 0).toFixed(0)} kernel calls)\n`);
console.log('| kernel | ms per step | calls per step | share of kernel time |');
console.log('|---|---|---|---|');
for (const [name, e] of rows.slice(0, 12)) {
  console.log(`| ${name} | ${e.ms.toFixed(1)} | ${e.calls.toFixed(0)} | ${((100 * e.ms) / inKernels).toFixed(0)}% |`);
}

// One benchmark measurement in a process of its own, so each backend and
// kernel set starts clean. Prints one JSON line:
//   { backend, simd?, threads?, params: { student, teacher }, steps, warmup, ms: { gate: msPerStep } }
//   node bench/step-time.mjs <model id> <setup> <steps> <gate,gate,...> [warm-up steps] [live|cached]
// setup: wasm | wasm-as-shipped | cpu | cpu-as-shipped. With several gates the
// steps are interleaved gate by gate (5 rounds) so drifts in machine speed hit
// them alike. `cached` hands the distiller the teacher's logits computed ahead.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as core from '@selective-kd/core';
import { MODELS } from './models.mjs';

const [id, setup, stepsArg, gatesArg, warmupArg = '2', teacherMode = 'live'] = process.argv.slice(2);
const steps = Number(stepsArg);
const warmup = Number(warmupArg);
const gates = gatesArg.split(',');
if (!MODELS[id]) throw new Error(`unknown model '${id}'; known: ${Object.keys(MODELS).join(', ')}`);

if (setup.endsWith('-as-shipped')) {
  tf.env().set('PROD', true);
  await tf.setBackend(setup.replace('-as-shipped', ''));
} else {
  await core.initBackend(setup);
}

const { student, teacher, batch, modality, temperature, learningRate } = MODELS[id].build();
const first = batch();
// Rows 0 … B−1: where a teacher-output cache keeps this batch's logits.
const fixed = [{ ...first, indices: Array.from({ length: first.labels.shape[0] }, (_, i) => i) }];
const fitOptions = { progress: false, disposeBatches: false };
if (teacherMode === 'cached') {
  fitOptions.teacherOutputs = await core.TeacherOutputCache.compute(teacher, fixed, { disposeBatches: false });
}
const distillers = Object.fromEntries(
  gates.map((gate) => [
    gate,
    new core.SelectiveDistiller({ teacher, student, modality, optimizer: tf.train.adam(learningRate), options: { gate, temperature } }),
  ]),
);
const run = (gate, n) => distillers[gate].fit(fixed, { ...fitOptions, epochs: n });

for (const gate of gates) if (warmup > 0) await run(gate, warmup); // kernels compiled, optimizer slots made
const rounds = gates.length > 1 ? Math.min(5, steps) : 1;
const perRound = Math.max(1, Math.round(steps / rounds));
const totals = Object.fromEntries(gates.map((gate) => [gate, 0]));
for (let round = 0; round < rounds; round++) {
  for (const gate of gates) {
    const start = performance.now();
    await run(gate, perRound);
    totals[gate] += performance.now() - start;
  }
}
const wasm = tf.getBackend() === 'wasm';
console.log(
  JSON.stringify({
    backend: tf.getBackend(),
    ...(wasm && {
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
      threads: (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? 'multithread build' : 1,
    }),
    params: { student: student.countParams(), teacher: teacher.countParams() },
    steps: rounds * perRound,
    warmup,
    ms: Object.fromEntries(gates.map((gate) => [gate, totals[gate] / (rounds * perRound)])),
  }),
);

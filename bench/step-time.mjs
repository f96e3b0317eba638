// One benchmark measurement in a process of its own, so each backend and
// kernel set starts clean: prints one JSON line { ms: { gate: msPerStep } }.
//   node bench/step-time.mjs <model> <backend-setup> <steps> <gate,gate,...> [warm-up steps]
// backend-setup: wasm | wasm-as-shipped | cpu | cpu-as-shipped
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend, SelectiveDistiller } from '@selective-kd/core';
import { MODELS } from './models.mjs';

const [model, setup, stepsArg, gatesArg, warmupArg = '2'] = process.argv.slice(2);
const steps = Number(stepsArg);
const gates = gatesArg.split(',');

if (setup.endsWith('-as-shipped')) {
  tf.env().set('PROD', true);
  await tf.setBackend(setup.replace('-as-shipped', ''));
} else {
  await initBackend(setup);
}

const { model: student, batch, modality } = MODELS[model]();
// The teacher is a copy of the student: its cost is the same in every configuration.
const teacher = MODELS[model]().model;
const distillers = Object.fromEntries(
  gates.map((gate) => [gate, new SelectiveDistiller({ teacher, student, modality, options: { gate } })]),
);
const fixed = [batch()];
const run = (gate, n) => distillers[gate].fit(fixed, { epochs: n, progress: false, disposeBatches: false });

const totals = Object.fromEntries(gates.map((gate) => [gate, 0]));
for (const gate of gates) if (Number(warmupArg) > 0) await run(gate, Number(warmupArg)); // kernels compiled, optimizer slots made
// Interleave the gates round by round so drifts in machine speed hit them alike.
const rounds = Math.min(5, steps);
for (let round = 0; round < rounds; round++) {
  for (const gate of gates) {
    const start = performance.now();
    await run(gate, Math.max(1, Math.round(steps / rounds)));
    totals[gate] += performance.now() - start;
  }
}
const perStep = Object.fromEntries(gates.map((gate) => [gate, totals[gate] / (rounds * Math.max(1, Math.round(steps / rounds)))]));
console.log(JSON.stringify({ backend: tf.getBackend(), ms: perStep }));

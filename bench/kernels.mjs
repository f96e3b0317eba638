// `node bench/kernels.mjs` (after `npm run build`): each wasm kernel that
// @selective-kd/kernels replaces, on the examples' shapes, against the wasm
// backend's own kernel as shipped — both called directly on the backend in
// the same process, interleaved (shipped, ours, shipped, ours, …), medians
// over the timed calls after warm-up. Prints a markdown table.
//   node bench/kernels.mjs [--calls <n>]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { isTrainingKernel, registerTrainingKernels } from '@selective-kd/kernels';

const WARMUP = 3;
const callsArgument = process.argv.indexOf('--calls');
const CALLS = callsArgument > 0 ? Number(process.argv[callsArgument + 1]) : 25;
if (!Number.isInteger(CALLS) || CALLS < 20) {
  console.error('--calls takes a whole number ≥ 20');
  process.exit(1);
}

/** [kernel, label, inputs as name → [shape, dtype], attrs]; B = 16 as in the examples. */
const CASES = [
  // Pixel teacher decoder (conv2dTranspose 14→28 and 28→56) and the student's (14→28): stride 2, 3×3, same.
  ['Conv2DBackpropInput', 'dy [16,14,14,48] → [16,28,28,32], 3×3 s2', { dy: [[16, 14, 14, 48]], filter: [[3, 3, 32, 48]] },
    { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [16, 28, 28, 32] }],
  ['Conv2DBackpropInput', 'dy [16,28,28,32] → [16,56,56,16], 3×3 s2', { dy: [[16, 28, 28, 32]], filter: [[3, 3, 16, 32]] },
    { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [16, 56, 56, 16] }],
  ['Conv2DBackpropInput', 'dy [16,14,14,16] → [16,28,28,8], 3×3 s2', { dy: [[16, 14, 14, 16]], filter: [[3, 3, 8, 16]] },
    { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [16, 28, 28, 8] }],
  // Audio teacher: 3×3 conv, stride 2 along frequency only.
  ['Conv2DBackpropInput', 'dy [16,72,32,24] → [16,72,64,16], 3×3 s[1,2]', { dy: [[16, 72, 32, 24]], filter: [[3, 3, 16, 24]] },
    { strides: [1, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [16, 72, 64, 16] }],
  // tf.max's gradient inside tf.logSumExp over the pixel logits (11 classes), and other broadcasts of that shape.
  ['Equal', '[16,56,56,11] vs [16,56,56,1]', { a: [[16, 56, 56, 11]], b: [[16, 56, 56, 1]] }, {}],
  ['Greater', '[16,56,56,11] vs [16,56,56,1]', { a: [[16, 56, 56, 11]], b: [[16, 56, 56, 1]] }, {}],
  ['Maximum', '[16,56,56,11] vs [16,56,56,1]', { a: [[16, 56, 56, 11]], b: [[16, 56, 56, 1]] }, {}],
  ['LogicalAnd', '[16,56,56,11] vs [16,56,56,1] bool', { a: [[16, 56, 56, 11], 'bool'], b: [[16, 56, 56, 1], 'bool'] }, {}],
  ['Equal', '[16,64,88] vs [16,64,1]', { a: [[16, 64, 88]], b: [[16, 64, 1]] }, {}],
  // tf.broadcastTo of per-frame validity over the 88 keys (audio) and of a per-pixel value over the classes (pixel).
  ['Tile', '[16,64,1] × [1,1,88]', { x: [[16, 64, 1]] }, { reps: [1, 1, 88] }],
  ['Tile', '[16,56,56,1] × [1,1,1,11]', { x: [[16, 56, 56, 1]] }, { reps: [1, 1, 1, 11] }],
  // The pixel teacher's skip connection: decoder output and full-resolution features along the channels.
  ['Concat', '[16,56,56,16] ++ [16,56,56,16], axis 3', { 0: [[16, 56, 56, 16]], 1: [[16, 56, 56, 16]] }, { axis: 3 }],
];

tf.env().set('PROD', true);
await tf.setBackend('wasm');
registerTrainingKernels('wasm');
const backend = tf.backend();

function randomInput([shape, dtype = 'float32']) {
  const size = tf.util.sizeFromShape(shape);
  // Few distinct values, so comparisons are true as well as false.
  const values = Float32Array.from({ length: size }, (_, i) => ((i * 7919) % 13) - 6);
  const typed = dtype === 'bool' ? Uint8Array.from(values, (v) => (v > 0 ? 1 : 0)) : values;
  return { dataId: backend.write(typed, shape, dtype), shape, dtype };
}

/** Milliseconds of one call of `config` below the engine; its output is released. */
function timeCall(config, inputs, attrs) {
  const start = performance.now();
  const output = config.kernelFunc({ inputs, backend, attrs });
  const elapsed = performance.now() - start;
  backend.disposeData(output.dataId);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const rows = [];
for (const [kernelName, label, inputSpecs, attrs] of CASES) {
  const ours = tf.getKernel(kernelName, 'wasm');
  if (!isTrainingKernel(ours) || !ours.original) throw new Error(`${kernelName} on wasm is not a replaced kernel`);
  const named = Object.fromEntries(Object.entries(inputSpecs).map(([name, spec]) => [name, randomInput(spec)]));
  // Concat takes its inputs as an array, as tf.concat passes them.
  const inputs = kernelName === 'Concat' ? Object.values(named) : named;
  const shipped = [];
  const replaced = [];
  for (let call = 0; call < WARMUP + CALLS; call++) {
    const a = timeCall(ours.original, inputs, attrs);
    const b = timeCall(ours, inputs, attrs);
    if (call >= WARMUP) {
      shipped.push(a);
      replaced.push(b);
    }
  }
  for (const info of Object.values(inputs)) backend.disposeData(info.dataId);
  const [before, after] = [median(shipped), median(replaced)];
  rows.push(`| ${kernelName} | ${label} | ${before.toFixed(2)} | ${after.toFixed(2)} | ${(before / after).toFixed(1)}× |`);
  console.error(`${kernelName} ${label}: ${before.toFixed(2)} → ${after.toFixed(2)} ms`);
}

console.log(`Kernels on tfjs-backend-wasm ${tf.version_core} (single-threaded), medians of ${CALLS} interleaved calls after ${WARMUP} warm-up calls.\n`);
console.log('| kernel | shape | tfjs wasm as shipped ms | @selective-kd/kernels ms | ratio |');
console.log('|---|---|---:|---:|---:|');
for (const row of rows) console.log(row);

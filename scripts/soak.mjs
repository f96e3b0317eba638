// Soak: trains a small token tagger with SelectiveDistiller for many steps
// per gate and prints live tensors and resident memory at the start and the
// end of each run. A leak of one tensor per step shows as +10,000 tensors; a
// slow native leak as RSS growing far beyond the first few steps' level.
//
//   npm run build && node scripts/soak.mjs [--steps 10000] [--gates loss-compare,all] [--backend wasm]
//
// or, with no build, on the TypeScript sources:
//
//   node --conditions=@selective-kd/source --import ./packages/core/test/fixtures/typescript-hooks.mjs scripts/soak.mjs
//
// Without --gates it runs the five gates in two worker processes side by side
// (the wasm backend uses one core per process). The numbers printed are the
// figures docs/reliability.md reports.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const GATES = ['loss-compare', 'teacher-correct', 'soft', 'all', 'none'];
const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '10000' },
    gates: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    // Measured after this many steps, so the optimizer's slots and the backend's first allocations are in the baseline.
    warmup: { type: 'string', default: '20' },
    worker: { type: 'boolean', default: false },
  },
});
const steps = Number(args.steps);
const warmup = Number(args.warmup);
if (!Number.isInteger(steps) || !Number.isInteger(warmup) || steps <= warmup) {
  throw new Error(`--steps must be a whole number above --warmup (${args.warmup}); got ${args.steps}`);
}

if (args.worker) {
  for (const gate of args.gates.split(',')) console.log(JSON.stringify(await soak(gate)));
} else {
  const gates = args.gates ? args.gates.split(',') : GATES;
  const unknown = gates.filter((g) => !GATES.includes(g));
  if (unknown.length > 0) throw new Error(`unknown gate(s) ${unknown.join(', ')}; known: ${GATES.join(', ')}`);
  // Two workers, the gates dealt out in turn, each worker running its gates one after another.
  const shares = [gates.filter((_, i) => i % 2 === 0), gates.filter((_, i) => i % 2 === 1)].filter((s) => s.length > 0);
  const started = Date.now();
  const results = (await Promise.all(shares.map(runWorker))).flat();
  console.log(`soak: ${steps} steps per gate, backend ${args.backend}, node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s wall`);
  console.log('| gate | tensors at step ' + warmup + ' | tensors at the end | RSS at step ' + warmup + ' | RSS at the end | ms/step |');
  console.log('|---|---|---|---|---|---|');
  let flat = true;
  for (const r of results) {
    flat &&= r.tensors.end === r.tensors.start;
    const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    console.log(`| ${r.gate} | ${r.tensors.start} | ${r.tensors.end} | ${mb(r.rss.start)} | ${mb(r.rss.end)} | ${r.msPerStep.toFixed(2)} |`);
  }
  console.log(flat ? 'tensor counts flat for every gate' : 'TENSOR COUNT GREW');
  process.exitCode = flat ? 0 : 1;
}

/** Runs this script as a worker process for some gates and collects their JSON result lines. */
function runWorker(gates) {
  const argv = [...process.execArgv, process.argv[1], '--worker', '--gates', gates.join(','), '--steps', String(steps), '--backend', args.backend, '--warmup', String(warmup)];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => void (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`soak worker for ${gates.join(', ')} exited with ${code}`));
      resolve(out.trim().split('\n').map((line) => JSON.parse(line)));
    });
  });
}

/** One gate's soak in this process: a dense tagger over token features, padded batches, `steps` steps in one epoch. */
async function soak(gate) {
  const { initBackend, SelectiveDistiller } = await import('@selective-kd/core');
  const { textModality } = await import('@selective-kd/text');
  const tf = await import('@tensorflow/tfjs-core');
  const tfl = await import('@tensorflow/tfjs-layers');
  await initBackend(args.backend);
  const [B, T, F, C] = [8, 12, 16, 6];
  const truth = tf.randomNormal([F, C], 0, 1, 'float32', 1);
  const teacherWeights = tf.add(truth, tf.randomNormal([F, C], 0, 0.8, 'float32', 2));
  const student = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [T, F], kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
      tfl.layers.dense({ units: C, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  const optimizer = tf.train.adam(0.005);
  const distiller = new SelectiveDistiller({
    teacher: (x) => tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(x, [-1, F]), teacherWeights), [-1, T, C])),
    student,
    modality: textModality(),
    optimizer,
    options: { gate, temperature: 2 },
  });
  /** Batch i: random features, the true tagger's labels, the last i % T tokens of each row as padding. */
  function* batches() {
    for (let i = 0; i < steps; i++) {
      yield tf.tidy(() => {
        const inputs = tf.randomNormal([B, T, F], 0, 1, 'float32', 1000 + i);
        const labels = tf.reshape(tf.cast(tf.argMax(tf.matMul(tf.reshape(inputs, [-1, F]), truth), -1), 'int32'), [B, T]);
        const valid = tf.tile(tf.reshape(tf.cast(tf.less(tf.range(0, T), T - (i % T)), 'float32'), [1, T]), [B, 1]);
        return { inputs, labels, valid };
      });
    }
  }
  const sample = () => ({ tensors: tf.memory().numTensors, rss: process.memoryUsage().rss });
  let start;
  let end;
  let startedAt;
  let endedAt;
  await distiller.fit(batches, {
    epochs: 1,
    progress: false,
    callbacks: [
      {
        // Both samples at the same point of a step, so the step's own tensors count alike in each.
        onStepEnd: ({ globalStep }) => {
          if (globalStep === warmup - 1) [start, startedAt] = [sample(), performance.now()];
          if (globalStep === steps - 1) [end, endedAt] = [sample(), performance.now()];
        },
      },
    ],
  });
  const msPerStep = (endedAt - startedAt) / (steps - warmup);
  tf.dispose([truth, teacherWeights]);
  student.dispose();
  optimizer.dispose();
  return { gate, tensors: { start: start.tensors, end: end.tensors }, rss: { start: start.rss, end: end.rss }, msPerStep };
}

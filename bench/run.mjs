// `npm run bench`: training-step times measured side by side in one run, each
// configuration in a fresh process (bench/step-time.mjs). Prints two tables:
// ms per step per backend and kernel set, and the cost of each gate on wasm.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MODELS } from './models.mjs';

const child = fileURLToPath(new URL('./step-time.mjs', import.meta.url));
const LIMIT_SECONDS = 240;

/** [label, setup, steps, warm-up steps] — fewer steps where one step takes long. */
const SETUPS = [
  ['wasm + training kernels', 'wasm', 20, 2],
  ['wasm as shipped', 'wasm-as-shipped', 5, 1],
  ['cpu + training kernels', 'cpu', 3, 1],
  ['cpu as shipped', 'cpu-as-shipped', 1, 0],
];

function measure(model, setup, steps, gates, warmup) {
  const result = spawnSync(process.execPath, [child, model, setup, String(steps), gates.join(','), String(warmup)], {
    encoding: 'utf8',
    timeout: LIMIT_SECONDS * 1000,
  });
  if (result.error?.code === 'ETIMEDOUT') return { failed: `> ${LIMIT_SECONDS} s, stopped` };
  if (result.status !== 0) {
    const missing = /Kernel '(\w+)' not registered/.exec(result.stderr)?.[1];
    return { failed: missing ? `fails: no ${missing} kernel` : `fails: ${result.stderr.trim().split('\n').at(-1)}` };
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);

console.log(`selective-kd training-step benchmark — ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}\n`);
console.log('ms per training step (gate loss-compare, teacher of the same size):\n');
console.log(`| model | ${SETUPS.map(([label]) => label).join(' | ')} | wasm + kernels vs cpu as shipped |`);
console.log(`|---|${SETUPS.map(() => '---|').join('')}---|`);
for (const model of Object.keys(MODELS)) {
  const cells = SETUPS.map(([, setup, steps, warmup]) => measure(model, setup, steps, ['loss-compare'], warmup));
  const fast = cells[0].ms?.['loss-compare'];
  const slow = cells[3].ms?.['loss-compare'];
  const ratio = fast && slow ? `${(slow / fast).toFixed(0)}× faster` : 'n/a';
  console.log(`| ${model} | ${cells.map((c) => c.failed ?? fmt(c.ms['loss-compare'])).join(' | ')} | ${ratio} |`);
}

console.log('\nCost of the gate on wasm + training kernels (gates interleaved in one process):\n');
console.log('| model | none (ground truth only) | all (vanilla KD) | loss-compare (selective) | loss-compare / all | loss-compare / none |');
console.log('|---|---|---|---|---|---|');
for (const model of Object.keys(MODELS)) {
  const result = measure(model, 'wasm', 30, ['none', 'all', 'loss-compare'], 3);
  if (result.failed) {
    console.log(`| ${model} | ${result.failed} | | | | |`);
    continue;
  }
  const { none, all, 'loss-compare': selective } = result.ms;
  console.log(
    `| ${model} | ${fmt(none)} | ${fmt(all)} | ${fmt(selective)} | ${(selective / all).toFixed(3)} | ${(selective / none).toFixed(3)} |`,
  );
}

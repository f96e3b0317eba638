// `npm run bench`: training-step times of every bench model (bench/models.mjs)
// side by side — wasm with the project's training kernels, the same with the
// teacher's logits cached ahead, wasm with tfjs's own kernels only, and
// PyTorch on one CPU thread (bench/pytorch/) — then the cost of each gate.
// Every measurement runs in a fresh process; rounds are interleaved across
// configurations (A B C … A B C …) and each cell is the median over rounds.
//   node bench/run.mjs [--quick] [--only <model id>,...] [--rounds <n>]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MODELS } from './models.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const LIMIT_SECONDS = 240;
const GATES = ['none', 'all', 'loss-compare'];
/** The gate-cost question the performance doc asks: does the selective gate cost under 5% over vanilla KD? */
const GATE_BUDGET = 1.05;

const options = parseArguments(process.argv.slice(2));
const ids = options.only ?? Object.keys(MODELS);
/** Steps and warm-up steps per process; rounds of processes per configuration. */
const plan = options.quick
  ? { rounds: 1, tfjs: { steps: 2, warmup: 1 }, pytorch: { steps: 3, warmup: 1 }, gateRounds: 1, gateSteps: 3 }
  : { rounds: 5, tfjs: { steps: 10, warmup: 3 }, pytorch: { steps: 20, warmup: 3 }, gateRounds: 3, gateSteps: 20 };
if (options.rounds) plan.rounds = plan.gateRounds = options.rounds;

function parseArguments(args) {
  const parsed = { quick: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--quick') parsed.quick = true;
    else if (args[i] === '--only') {
      parsed.only = (args[++i] ?? '').split(',').filter(Boolean);
      const unknown = parsed.only.filter((id) => !MODELS[id]);
      if (unknown.length > 0 || parsed.only.length === 0) {
        fail(`--only takes model ids from: ${Object.keys(MODELS).join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
      }
    } else if (args[i] === '--rounds') {
      parsed.rounds = Number(args[++i]);
      if (!Number.isInteger(parsed.rounds) || parsed.rounds < 1) fail('--rounds takes a whole number ≥ 1');
    } else fail(`unknown argument '${args[i]}'; usage: node bench/run.mjs [--quick] [--only <model id>,...] [--rounds <n>]`);
  }
  return parsed;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

/** Runs one measurement process; its last stdout line is JSON, or the cell says why it failed. */
function measure(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: LIMIT_SECONDS * 1000, maxBuffer: 16 * 2 ** 20 });
  if (result.error?.code === 'ETIMEDOUT') return { failed: `> ${LIMIT_SECONDS} s, stopped` };
  if (result.error) return { failed: `fails: ${result.error.message}` };
  if (result.status !== 0) {
    const missing = /Kernel '(\w+)' not registered/.exec(result.stderr)?.[1];
    return { failed: missing ? `fails: no ${missing} kernel` : `fails: ${firstError(result)}` };
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

/** The line of a failed process's stderr that says what went wrong. */
function firstError(result) {
  if (result.error) return result.error.code === 'ETIMEDOUT' ? `> ${LIMIT_SECONDS} s, stopped` : result.error.message;
  const lines = (result.stderr ?? '').trim().split('\n');
  return lines.find((line) => /^\w*Error\b|Error:/.test(line))?.trim() ?? lines.at(-1);
}

const tfjsStep = (id, setup, { steps, warmup }, gates = ['loss-compare'], teacher = 'live') =>
  measure(process.execPath, [here('./step-time.mjs'), id, setup, String(steps), gates.join(','), String(warmup), teacher]);

/**
 * A Python 3 that imports torch: Debian's first (pyenv or a venv may shadow it
 * on PATH), with the BLAS library it loaded (dense layers and matmuls run there).
 */
function findTorch() {
  const probe = [
    'import torch',
    'torch.ones(2, 2) @ torch.ones(2, 2)',
    'blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.split()[-1]})',
    'print(torch.__version__, " ".join(blas) or "none")',
  ].join('; ');
  for (const python of ['/usr/bin/python3', 'python3']) {
    const result = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
    if (result.status !== 0) continue;
    const [version, ...blas] = result.stdout.trim().split(' ');
    return { python, version, blas: blas.join(' ') };
  }
  return undefined;
}

/**
 * Debian's `libblas.so.3` is the netlib reference BLAS unless an optimised one
 * is installed; PyTorch's dense layers then run several times slower than
 * PyTorch as people use it, and the ratios would flatter wasm. So the bench
 * wants OpenBLAS (Debian's `libopenblas0-pthread`, which takes over
 * `libblas.so.3`; the step runs with torch.set_num_threads(1) and one BLAS thread).
 */
const DEBIAN_PACKAGES = ['python3-torch', 'libopenblas0-pthread'];

/**
 * PyTorch from Debian (`python3-torch`) with OpenBLAS, never from pip:
 * installed with apt-get when running as root on a machine with apt, else the
 * reason the PyTorch columns stay empty (or a note that the BLAS is the slow one).
 */
function ensureTorch() {
  const found = findTorch();
  if (found && /openblas/.test(found.blas)) return found;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    return found ?? { missing: `PyTorch is not installed; install Debian's packages first: sudo apt-get install ${DEBIAN_PACKAGES.join(' ')}` };
  }
  console.log(`installing Debian packages ${DEBIAN_PACKAGES.join(', ')} (PyTorch 1.13 on OpenBLAS for the reference columns)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => execFileSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    try {
      apt(['install', '-y', '-qq', ...DEBIAN_PACKAGES]);
    } catch {
      apt(['update', '-qq']); // a fresh machine may not have the package lists yet
      apt(['install', '-y', '-qq', ...DEBIAN_PACKAGES]);
    }
  } catch (error) {
    return found ?? { missing: `apt-get install ${DEBIAN_PACKAGES.join(' ')} failed: ${String(error.stderr ?? error.message).trim().split('\n').at(-1)}` };
  }
  return findTorch() ?? { missing: 'python3-torch installed, but no python3 imports torch' };
}

const pytorchStep = (id, { steps, warmup }, teacher, params) =>
  measure(torch.python, [
    here('./pytorch/step-time.py'), id, String(steps), String(warmup), teacher,
    ...(params ? ['--expect-params', `${params.student},${params.teacher}`] : []),
  ]);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
/** A cell: the median over rounds and, with several rounds, their range. */
function cell(samples) {
  if (samples.failed) return samples.failed;
  if (samples.values.length === 0) return 'n/a';
  const m = median(samples.values);
  if (samples.values.length === 1) return fmt(m);
  return `${fmt(m)} (${fmt(Math.min(...samples.values))}–${fmt(Math.max(...samples.values))})`;
}
const ratio = (a, b) => (a.values?.length && b.values?.length ? `${(median(a.values) / median(b.values)).toFixed(2)}×` : 'n/a');

// ---- the machine ---------------------------------------------------------------

const tfjsVersion = JSON.parse(readFileSync(here('../node_modules/@tensorflow/tfjs-core/package.json'), 'utf8')).version;
const torch = ensureTorch();
console.log('selective-kd training-step benchmark');
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, tfjs ${tfjsVersion}`);
console.log(`PyTorch: ${torch.version ? `${torch.version} (${torch.python}), torch.set_num_threads(1), BLAS ${torch.blas}` : `none — ${torch.missing}`}`);
console.log(
  `plan: ${plan.rounds} round(s), each configuration in a fresh process per round, rounds interleaved across configurations; ` +
    `tfjs ${plan.tfjs.steps} timed steps after ${plan.tfjs.warmup} warm-up, PyTorch ${plan.pytorch.steps} after ${plan.pytorch.warmup}; ` +
    'cells: median over rounds (min–max)\n',
);

// ---- PyTorch models = tfjs models ---------------------------------------------

/** id → why the PyTorch columns are empty for that model (parameter counts or loss differ). */
const refused = new Map();
if (torch.version) {
  console.log('Same models in PyTorch: parameter counts, and the selective loss of one batch from the tfjs weights (bench/pytorch/check-parity.mjs)\n');
  // One process per model, so a model that fails to export costs only its own row.
  const rows = [];
  const notChecked = [];
  for (const id of ids) {
    const parity = spawnSync(process.execPath, [here('./pytorch/check-parity.mjs'), torch.python, id], {
      encoding: 'utf8',
      timeout: LIMIT_SECONDS * 1000,
      maxBuffer: 16 * 2 ** 20,
    });
    const row = parity.stdout?.split('\n').find((line) => line.startsWith('{'));
    if (row) rows.push(JSON.parse(row));
    else notChecked.push(`${id}: ${firstError(parity)}`);
  }
  console.log(
    '| model | student params tfjs / PyTorch | teacher params tfjs / PyTorch | loss tfjs / PyTorch | relative difference | after one Adam step: loss tfjs / PyTorch | relative difference |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const loss = (row, when) => (row.tfjs ? `${row.tfjs[when].loss.toFixed(6)} / ${row.pytorch[when].loss.toFixed(6)}` : '');
  const difference = (row, when) => row.relativeDifference?.[when].toExponential(1) ?? row.why;
  for (const row of rows) {
    const { tfjs, pytorch } = row.params;
    console.log(
      `| ${row.model} | ${tfjs.student} / ${pytorch.student} | ${tfjs.teacher} / ${pytorch.teacher} | ${loss(row, 'before')} | ${difference(row, 'before')} | ${loss(row, 'after')} | ${difference(row, 'after')} |`,
    );
    if (row.why) refused.set(row.model, `refused: ${row.why}`);
  }
  const differing = rows.filter((row) => !row.why && !row.ok).map((row) => row.model);
  if (differing.length > 0) {
    console.log(
      `\nWARNING: the tfjs loss of the same weights and batch differs from PyTorch's for ${differing.join(', ')}: ` +
        'tfjs now computes another loss than docs/algorithm.md (a bug in the losses or kernels?), so those rows time different computations.',
    );
  }
  const gradientsDiffer = rows.filter((row) => row.ok && !row.afterStepOk).map((row) => row.model);
  if (gradientsDiffer.length > 0) {
    console.log(
      `\nDifferences above 1e-4 only after the step (${gradientsDiffer.join(', ')}) mean the gradients differ, not the models or the loss. ` +
        'A known cause: tfjs 4.22\'s ResizeBilinearGrad ignores halfPixelCenters, which the pixel plugin\'s resize of the pixel example\'s 28×28 logits uses.',
    );
  }
  // Without the check, step-time.py still refuses when its parameter counts differ from the tfjs measurement's.
  for (const line of notChecked) console.log(`\nnot checked — ${line}`);
  console.log('');
}

// ---- step times --------------------------------------------------------------

const samples = () => ({ values: [] });
const cells = Object.fromEntries(
  ids.map((id) => [id, { kernels: samples(), cached: samples(), shipped: samples(), pytorch: samples(), pytorchCached: samples(), params: undefined }]),
);

// tfjs's own kernels: one probe each; most students stop at the first missing gradient kernel.
const shippedPlan = options.quick ? plan.tfjs : { steps: 3, warmup: 1 };
for (const id of ids) {
  const probe = tfjsStep(id, 'wasm-as-shipped', shippedPlan);
  if (probe.failed) cells[id].shipped.failed = probe.failed;
  else cells[id].shipped.values.push(probe.ms['loss-compare']);
}

function record(target, result) {
  if (result.failed) target.failed = result.failed;
  else if (!target.failed) target.values.push(result.ms['loss-compare']);
}

for (let round = 0; round < plan.rounds; round++) {
  process.stderr.write(`round ${round + 1}/${plan.rounds}…\n`);
  for (const id of ids) {
    const c = cells[id];
    const live = tfjsStep(id, 'wasm', plan.tfjs);
    c.params ??= live.params;
    c.backend ??= live.failed ? undefined : live;
    record(c.kernels, live);
    record(c.cached, tfjsStep(id, 'wasm', plan.tfjs, ['loss-compare'], 'cached'));
    if (!torch.version) continue;
    if (refused.has(id)) {
      c.pytorch.failed = c.pytorchCached.failed = refused.get(id);
      continue;
    }
    record(c.pytorch, pytorchStep(id, plan.pytorch, 'live', c.params));
    record(c.pytorchCached, pytorchStep(id, plan.pytorch, 'cached', c.params));
  }
}

const noTorch = torch.version ? undefined : 'n/a (no PyTorch)';
const backend = Object.values(cells).find((c) => c.backend)?.backend;
if (backend) console.log(`tfjs backend as measured: ${backend.backend}, SIMD ${backend.simd ? 'on' : 'off'}, threads ${backend.threads}\n`);
console.log('ms per training step (gate loss-compare; pixel and text at the examples\' τ and learning rate):\n');
console.log(
  '| model | wasm + @selective-kd kernels | same, teacher cached | wasm, tfjs kernels only | PyTorch 1-thread | PyTorch, teacher cached | wasm / PyTorch | cached wasm / cached PyTorch |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const id of ids) {
  const c = cells[id];
  console.log(
    `| ${MODELS[id].label} | ${cell(c.kernels)} | ${cell(c.cached)} | ${cell(c.shipped)} | ${noTorch ?? cell(c.pytorch)} | ${noTorch ?? cell(c.pytorchCached)} | ${ratio(c.kernels, c.pytorch)} | ${ratio(c.cached, c.pytorchCached)} |`,
  );
}
console.log(`\n(tfjs kernels only: ${shippedPlan.steps} steps after ${shippedPlan.warmup} warm-up, one process.)`);

// ---- the cost of the gate ----------------------------------------------------

const gateWarmup = options.quick ? 1 : 3;
console.log(
  `\nCost of the gate on wasm + @selective-kd kernels: the three gates interleaved step block by step block in one process, ` +
    `${plan.gateSteps} steps each after ${gateWarmup} warm-up, ${plan.gateRounds} process(es); ratios are the median over processes (min–max):\n`,
);
console.log('| model | none (ground truth only) | all (vanilla KD) | loss-compare (selective) | loss-compare / all | loss-compare / none | under 5% over vanilla KD? |');
console.log('|---|---|---|---|---|---|---|');
const gateRuns = Object.fromEntries(ids.map((id) => [id, []]));
for (let round = 0; round < plan.gateRounds; round++) {
  for (const id of ids) gateRuns[id].push(tfjsStep(id, 'wasm', { steps: plan.gateSteps, warmup: gateWarmup }, GATES));
}
for (const id of ids) {
  const failed = gateRuns[id].find((run) => run.failed);
  if (failed) {
    console.log(`| ${MODELS[id].label} | ${failed.failed} | | | | | |`);
    continue;
  }
  const per = (gate) => ({ values: gateRuns[id].map((run) => run.ms[gate]) });
  const ratios = (over) => ({ values: gateRuns[id].map((run) => run.ms['loss-compare'] / run.ms[over]) });
  const vsAll = ratios('all').values;
  const verdict =
    vsAll.length < 2
      ? 'one process: no spread measured'
      : Math.max(...vsAll) < GATE_BUDGET ? 'yes' : Math.min(...vsAll) > GATE_BUDGET ? 'no' : 'unresolved: the spread straddles 1.05';
  const ratioCell = ({ values }) =>
    values.length > 1
      ? `${median(values).toFixed(3)} (${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)})`
      : values[0].toFixed(3);
  console.log(
    `| ${MODELS[id].label} | ${cell(per('none'))} | ${cell(per('all'))} | ${cell(per('loss-compare'))} | ${ratioCell(ratios('all'))} | ${ratioCell(ratios('none'))} | ${verdict} |`,
  );
}

// Kernel by kernel: every wasm kernel @selective-kd/kernels replaces, against the one tfjs ships (bench/kernels.mjs).
console.log('\nKernels: @selective-kd/kernels against the wasm backend as shipped, on the examples\' shapes (bench/kernels.mjs):\n');
const kernels = spawnSync(process.execPath, [here('./kernels.mjs'), '--calls', options.quick ? '20' : '25'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
console.log(kernels.status === 0 ? kernels.stdout.trim() : `bench/kernels.mjs failed (exit ${kernels.status})`);

// Kill anywhere: the kill-and-resume spec (packages/core/src/persistence/kill-and-resume.spec.ts)
// kills its training child at one chosen point; this script kills the same child
// (packages/core/test/fixtures/train-child.mjs) with SIGKILL at many moments — half at random
// moments of training after its first checkpoint write began, half 0–20 ms into a checkpoint
// write (timed from the staging folder's appearance) — resumes each killed run from its checkpoint folder, and checks that every resumed
// run ends with weights identical to an uninterrupted run's.
//
//   node scripts/kill-anywhere.mjs [--trials 20] [--seed 1]
//
// It runs core's TypeScript sources (no build needed), like the spec. Prints one line per trial
// and a summary; exits non-zero if any resumed run differs. docs/reliability.md has its figures.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { trials: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' } } });
const trials = Number(args.trials);
const fixtures = fileURLToPath(new URL('../packages/core/test/fixtures/', import.meta.url));
const NODE_ARGS = ['--conditions=@selective-kd/source', '--import', join(fixtures, 'typescript-hooks.mjs'), join(fixtures, 'train-child.mjs')];
const STAGING = /^\.checkpoint-\d+\.tmp-/;

// Mulberry32: the kill moments are reproducible from --seed.
let state = Number(args.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Runs the child to the end, or kills it `delayMs` after the `stagingNumber`-th checkpoint
 * staging folder appears. Timed from the child's own progress, not from spawn: under load,
 * loading tfjs takes anything from 3 to 55 s here, training about a second.
 */
function runChild(mode, checkpointDir, outDir, killAt) {
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_ARGS, mode, checkpointDir, outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const checkpoints = [];
  let stderr = '';
  let killedAt;
  const kill = () => {
    if (child.exitCode !== null || killedAt !== undefined) return;
    killedAt = performance.now() - started;
    child.kill('SIGKILL');
  };
  child.stderr.on('data', (chunk) => void (stderr += chunk));
  child.stdout.on('data', (chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      const event = JSON.parse(line);
      if (event.event === 'checkpoint') checkpoints.push({ globalStep: event.globalStep, ms: performance.now() - started });
    }
  });
  let watcher;
  let timer;
  if (killAt?.stagingNumber !== undefined) {
    let seen = 0;
    const named = new Set();
    watcher = watch(checkpointDir, (_, name) => {
      if (!name || !STAGING.test(name) || named.has(name)) return;
      named.add(name);
      if (++seen === killAt.stagingNumber) timer = setTimeout(kill, killAt.delayMs);
    });
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ code, signal, stderr, checkpoints, killedAt, ms: performance.now() - started });
    });
  });
}

/** What the kill left on disk: staging folders of a write in progress, a renamed but uncommitted checkpoint, or nothing half-done. */
function leftBehind(dir) {
  if (!existsSync(dir)) return 'before the checkpoint folder existed';
  const entries = readdirSync(dir);
  const pointer = existsSync(join(dir, 'checkpoint.json')) ? JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) : undefined;
  if (entries.some((e) => STAGING.test(e))) return `inside a checkpoint write (staging folder left; committed: ${pointer?.latest ?? 'none'})`;
  // A folder newer than the committed one was renamed into place but not committed; an older one was being removed after a commit.
  const generation = (name) => Number(name.slice('checkpoint-'.length));
  const others = entries.filter((e) => /^checkpoint-\d+$/.test(e) && e !== pointer?.latest);
  const committed = pointer ? generation(pointer.latest) : 0;
  const newer = others.filter((e) => generation(e) > committed);
  if (newer.length > 0) return `inside a checkpoint write (${newer.join(', ')} renamed, not committed; committed: ${pointer?.latest ?? 'none'})`;
  if (others.length > 0) return `inside a checkpoint write (committed ${pointer.latest}, removing ${others.join(', ')})`;
  return `between checkpoints (committed: ${pointer?.latest ?? 'none'})`;
}

/** The saved student's weights as one Float32Array, read from its model.json manifest. */
function weightsOf(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest;
  const bytes = Buffer.concat(manifest.flatMap((group) => group.paths.map((path) => readFileSync(join(dir, path)))));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

const root = mkdtempSync(join(tmpdir(), 'skd-kill-anywhere-'));
const full = await runChild('full', join(root, 'full-checkpoints'), join(root, 'full'));
if (full.code !== 0) throw new Error(`the uninterrupted run failed:\n${full.stderr}`);
const expected = weightsOf(join(root, 'full'));
const history = (dir) => JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8'));
const expectedHistory = history(join(root, 'full'));
/** Epochs and step counts equal, losses within 1e-6 (the resumed epoch's means are summed in another order). */
const sameHistory = (actual) =>
  actual.length === expectedHistory.length &&
  actual.every((h, i) => h.epoch === expectedHistory[i].epoch && h.steps === expectedHistory[i].steps && Math.abs(h.loss - expectedHistory[i].loss) <= 1e-6);
console.log(
  `uninterrupted run: ${full.ms.toFixed(0)} ms, checkpoints at global steps ${full.checkpoints.map((c) => c.globalStep).join(', ')} ` +
    `(${full.checkpoints.map((c) => c.ms.toFixed(0)).join(', ')} ms after spawn), ${expected.length} weights`,
);

// As the spec: equal to 1e-6; how many are bitwise identical is reported too.
const TOLERANCE = 1e-6;
let passed = 0;
let bitwise = 0;
const where = {};
const lines = [];
const span = full.ms - full.checkpoints[0].ms;

/** One trial: a killed run, resumed (or restarted, when nothing was committed) until one finishes, compared with the uninterrupted run. */
async function trial(number, killAt) {
  const dir = join(root, `trial-${number}`);
  const checkpointDir = join(dir, 'checkpoints');
  mkdirSync(checkpointDir, { recursive: true });
  const killed = await runChild('full', checkpointDir, join(dir, 'out'), killAt);
  const landed = killed.signal === 'SIGKILL' ? leftBehind(checkpointDir) : 'finished before the kill';
  let runs = 0;
  let last = killed;
  let how = 'no resume needed';
  while (last.code !== 0) {
    const committed = existsSync(join(checkpointDir, 'checkpoint.json'));
    how = committed ? `resumed from ${JSON.parse(readFileSync(join(checkpointDir, 'checkpoint.json'), 'utf8')).latest}` : 'restarted (nothing committed)';
    last = await runChild(committed ? 'resume' : 'full', checkpointDir, join(dir, 'out'));
    if (++runs > 1 || last.code !== 0) throw new Error(`trial ${number}: ${how} failed (${last.code ?? last.signal}):\n${last.stderr}`);
  }
  const actual = weightsOf(join(dir, 'out'));
  let maxDiff = actual.length === expected.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
  const historyMatches = sameHistory(history(join(dir, 'out')));
  passed += maxDiff <= TOLERANCE && historyMatches ? 1 : 0;
  bitwise += maxDiff === 0 ? 1 : 0;
  const kind = landed.split(' (')[0];
  where[kind] = (where[kind] ?? 0) + 1;
  lines[number] =
    `trial ${String(number).padStart(2)}: ${killAt.label} → ${landed}; ${how}; ` +
    `weights ${maxDiff === 0 ? 'bitwise identical' : `differ by at most ${maxDiff.toExponential(2)}`}, history ${historyMatches ? 'the same' : 'DIFFERS'}`;
  console.log(lines[number]);
}

// Odd trials: a random moment of training after its first checkpoint write began (up to the end of
// the run, final save included). Even trials: 0–20 ms into one of its seven checkpoint writes.
const plans = Array.from({ length: trials }, (_, i) => {
  if (i % 2 === 0) {
    const delayMs = Math.round(random() * span);
    return { stagingNumber: 1, delayMs, label: `random moment, ${delayMs} ms after the first checkpoint write began` };
  }
  const stagingNumber = 1 + Math.floor(random() * full.checkpoints.length);
  const delayMs = Math.floor(random() * 21);
  return { stagingNumber, delayMs, label: `${delayMs} ms into checkpoint write ${stagingNumber}` };
});
// Three trials at a time: each child spends most of its life loading, which overlaps well.
let next = 0;
await Promise.all(
  Array.from({ length: 3 }, async () => {
    while (next < plans.length) {
      const number = ++next;
      await trial(number, plans[number - 1]);
    }
  }),
);
console.log(`where the kills landed: ${Object.entries(where).map(([k, n]) => `${n} ${k}`).join('; ')}`);
console.log(`${passed} of ${trials} resumed runs ended with the uninterrupted run's weights (within ${TOLERANCE}; ${bitwise} bitwise identical) and history`);
process.exitCode = passed === trials ? 0 : 1;

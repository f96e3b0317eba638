import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every package the workspace publishes, by npm name. */
export const PUBLISHABLE = [
  '@selective-kd/kernels',
  '@selective-kd/core',
  '@selective-kd/testing',
  '@selective-kd/experiments',
  '@selective-kd/pixel',
  '@selective-kd/text',
  '@selective-kd/audio',
  '@selective-kd/plots',
  '@selective-kd/cli',
] as const;

/**
 * What a user installs, as the READMEs' Install lines say: the packages and
 * the peers of core. `@selective-kd/testing` is packed and checked but not
 * installed: its peer is vitest, which a user adds for their own tests.
 */
export const INSTALLED = PUBLISHABLE.filter((name) => name !== '@selective-kd/testing');
export const PEERS: Record<string, string> = {
  '@tensorflow/tfjs-core': '4.22.0',
  '@tensorflow/tfjs-layers': '4.22.0',
  '@tensorflow/tfjs-converter': '4.22.0',
  tsyringe: '4.10.0',
  // Only for the TypeScript check (a Node user has it anyway).
  '@types/node': '20.19.43',
};

/** One entry of `npm pack --json`. */
export interface PackedTarball {
  name: string;
  version: string;
  filename: string;
  integrity: string;
  files: { path: string }[];
}

type LockEntry = Record<string, unknown> & {
  version?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/**
 * The scratch project's package.json and package-lock.json, so that
 * `npm ci --offline` installs it from the local npm cache alone. A plain
 * `npm install <tarballs> <peers>` needs each registry package's metadata
 * (packument), which `npm ci` in the workspace never fetches, so offline it
 * cannot resolve even `tfjs-core@4.22.0`. The lockfile instead names every
 * package's tarball and integrity, taken from the workspace's lockfile (whose
 * tarballs `npm ci` put in the cache): the same versions the workspace tests,
 * in the same layout, for exactly the packages the tarballs and peers need.
 */
export function scratchInstall(
  workspaceRoot: string,
  tarballs: PackedTarball[],
  tarballFolder: string,
): { manifest: object; lockfile: object } {
  const entries = (JSON.parse(readFileSync(join(workspaceRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> })
    .packages;
  const tarballOf = (name: string) => {
    const tarball = tarballs.find((t) => t.name === name);
    if (!tarball) throw new Error(`${name} is a dependency of the installed packages but was not packed`);
    return tarball;
  };
  const dependencies: Record<string, string> = { ...PEERS };
  for (const name of INSTALLED) dependencies[name] = `file:${tarballFolder}/${tarballOf(name).filename}`;

  const packages: Record<string, LockEntry> = { '': { name: 'scratch', dependencies } };
  const pending: { from: string; name: string }[] = Object.keys(dependencies).map((name) => ({ from: '', name }));
  while (pending.length) {
    const { from, name } = pending.pop()!;
    const path = resolveInLock(entries, from, name);
    if (!path) throw new Error(`${name} (needed from '${from || 'the root'}') is not in the workspace's package-lock.json`);
    if (packages[path]) continue;
    const found = entries[path];
    let entry: LockEntry;
    if (found.link) {
      const manifest = JSON.parse(readFileSync(join(workspaceRoot, found.resolved!, 'package.json'), 'utf8')) as LockEntry;
      const tarball = tarballOf(name);
      entry = {
        version: tarball.version,
        resolved: `file:${tarballFolder}/${tarball.filename}`,
        integrity: tarball.integrity,
        ...pick(manifest, ['license', 'dependencies', 'peerDependencies', 'peerDependenciesMeta', 'engines', 'bin']),
      };
    } else {
      // The workspace marks everything dev (its packages are devDependencies of the root); here they are the app's own.
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = found;
      // A lockfile written with npm's omit-lockfile-registry-resolved has no tarball URLs; without one npm ci
      // asks for the package's metadata, which an offline install may not have. The registry's URL is fixed by name and version.
      entry = { ...rest, resolved: rest.resolved ?? registryTarball(name, rest.version!) };
    }
    packages[path] = entry;
    const needed = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}).filter((dep) => resolveInLock(entries, path, dep)),
      ...Object.keys(entry.peerDependencies ?? {}).filter((dep) => !entry.peerDependenciesMeta?.[dep]?.optional),
    ];
    for (const dep of needed) pending.push({ from: path, name: dep });
  }
  return {
    manifest: { name: 'scratch', private: true, type: 'module', dependencies },
    lockfile: { name: 'scratch', lockfileVersion: 3, requires: true, packages },
  };
}

/** The npm registry's tarball URL of a package version: `<registry>/<name>/-/<name without scope>-<version>.tgz`. */
function registryTarball(name: string, version: string): string {
  return `https://registry.npmjs.org/${name}/-/${name.split('/').at(-1)}-${version}.tgz`;
}

/** Node's lookup over lockfile paths: the nearest `node_modules/<name>` from `from` upwards. */
function resolveInLock(entries: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (entries[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent >= 0 ? dir.slice(0, parent) : '';
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

/**
 * Runs a command to completion and throws with its output when it fails.
 * Nx, npm and SELECTIVE_KD_* variables of a surrounding `npm test` / `nx run` are dropped so
 * the child acts as if typed into a fresh shell (an inherited
 * `npm_config_workspace` or Nx task variable would change what it does).
 */
export function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NX_|SELECTIVE_KD_|NODE_OPTIONS$|VITEST|TEST$)/i.test(key) && key !== 'npm_config_cache') continue;
    env[key] = value;
  }
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** The scratch project: its manifest and lockfile, the TypeScript settings the READMEs document, the programs. */
export function writeScratchProject(dir: string, install: { manifest: object; lockfile: object }): void {
  writeFileSync(join(dir, 'package.json'), JSON.stringify(install.manifest, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(install.lockfile, null, 2));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['check.ts'],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'check.ts'), TYPESCRIPT_CHECK);
  for (const [name, source] of Object.entries(PROGRAMS)) writeFileSync(join(dir, `${name}.mjs`), source);
}

// Each program trains a tiny student for a few steps against a function
// teacher on the wasm backend, through the installed packages only, then
// prints one JSON line. The data are made from a fixed seed.
const COMMON = `
import { initBackend, SelectiveDistiller } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const choice = await initBackend('wasm');
async function report(distiller, student, makeBatch) {
  const source = () => [makeBatch(0), makeBatch(1)];
  const fit = await distiller.fit(source, { epochs: 3, progress: false });
  // The optimizer's slots exist from the first step on, so a further fit and evaluate must end where this one did.
  const afterFit = tf.memory().numTensors;
  const evaluation = await distiller.evaluate([makeBatch(2)]);
  await distiller.fit(source, { epochs: 1, progress: false });
  const leaked = tf.memory().numTensors - afterFit;
  const probe = makeBatch(3);
  const logits = student.predict(probe.inputs);
  const logitsShape = logits.shape;
  tf.dispose([logits, probe]);
  console.log(JSON.stringify({
    backend: choice.backend,
    reason: choice.reason,
    losses: fit.history.map((epoch) => epoch.loss),
    evaluation,
    logitsShape,
    leaked,
  }));
}
`;

export const PROGRAMS = {
  pixel: `${COMMON}
import { pixelModality } from '@selective-kd/pixel';

// 8x8 grey images; a pixel is class 1 where it is brighter than 0.5; the border is ignored (255).
function makeBatch(seed) {
  return tf.tidy(() => {
    const inputs = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', seed);
    const bright = tf.cast(tf.greater(tf.squeeze(inputs, [3]), 0.5), 'int32');
    const border = tf.pad(tf.zeros([4, 6, 6], 'int32'), [[0, 0], [1, 1], [1, 1]], 1);
    const labels = tf.where(tf.cast(border, 'bool'), tf.fill([4, 8, 8], 255, 'int32'), bright);
    return { inputs, labels };
  });
}
const teacher = (x) => tf.tidy(() => tf.concat([tf.mul(tf.sub(0.5, x), 8), tf.mul(tf.sub(x, 0.5), 8)], 3));
const student = tfl.sequential({
  layers: [tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, padding: 'same' })],
});
const distiller = new SelectiveDistiller({ teacher, student, modality: pixelModality({ ignoreLabel: 255 }) });
await report(distiller, student, makeBatch);
`,
  text: `${COMMON}
import { textModality } from '@selective-kd/text';

// Token ids of a 10-word vocabulary; a token's tag is its id mod 3; the last two tokens of each row are padding.
function makeBatch(seed) {
  return tf.tidy(() => {
    const inputs = tf.cast(tf.floor(tf.randomUniform([4, 6], 0, 10, 'float32', seed)), 'int32');
    const labels = tf.mod(inputs, tf.scalar(3, 'int32'));
    const valid = tf.concat([tf.ones([4, 4]), tf.zeros([4, 2])], 1);
    return { inputs, labels, valid };
  });
}
const teacher = (ids) => tf.tidy(() => tf.mul(tf.oneHot(tf.mod(ids, tf.scalar(3, 'int32')), 3, 1, 0, 'float32'), 4));
const student = tfl.sequential({
  layers: [
    tfl.layers.embedding({ inputDim: 10, outputDim: 8, inputLength: 6 }),
    tfl.layers.dense({ units: 3 }),
  ],
});
const distiller = new SelectiveDistiller({ teacher, student, modality: textModality() });
await report(distiller, student, makeBatch);
`,
  audio: `${COMMON}
import { audioModality } from '@selective-kd/audio';

// 16 features per frame; key k sounds where feature k mod 16 is above 0.5.
function makeBatch(seed) {
  return tf.tidy(() => {
    const inputs = tf.randomUniform([2, 5, 16], 0, 1, 'float32', seed);
    const labels = tf.cast(tf.greater(keys(inputs), 0.5), 'float32');
    return { inputs, labels, valid: tf.ones([2, 5]) };
  });
}
function keys(x) {
  return tf.slice(tf.tile(x, [1, 1, 6]), [0, 0, 0], [-1, -1, 88]);
}
const teacher = (x) => tf.tidy(() => tf.mul(tf.sub(keys(x), 0.5), 8));
const student = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [5, 16], units: 88 })] });
const distiller = new SelectiveDistiller({ teacher, student, modality: audioModality({ granularity: 'frame' }) });
await report(distiller, student, makeBatch);
`,
} as const;

/** A TypeScript user's first file: type-checked against the installed .d.ts files, never run. */
const TYPESCRIPT_CHECK = `import { initBackend, SelectiveDistiller, type EvaluationResult } from '@selective-kd/core';
import { pixelModality } from '@selective-kd/pixel';
import { textModality } from '@selective-kd/text';
import { audioModality } from '@selective-kd/audio';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export async function main(): Promise<EvaluationResult> {
  await initBackend('wasm');
  const student = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
  const teacher = (x: tf.Tensor | tf.Tensor[]): tf.Tensor => tf.zeros([(x as tf.Tensor).shape[0], 3]);
  const modalities = [pixelModality(), textModality(), audioModality()];
  const distiller = new SelectiveDistiller({ teacher, student, modality: modalities[1] });
  return distiller.evaluate([{ inputs: tf.zeros([2, 4]), labels: tf.zeros([2], 'int32') }]);
}
`;

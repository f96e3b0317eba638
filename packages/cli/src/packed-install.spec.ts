import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALLED, PROGRAMS, PUBLISHABLE, run, scratchInstall, writeScratchProject, type PackedTarball } from './packed-install.spec-helper.js';

// What a user outside the repository gets: every publishable package packed
// as npm would publish it, installed from the tarballs into a project in the
// OS temp folder (outside the workspace, so nothing resolves through it), and
// a small program per plugin run through the installed packages.
//
// The tarballs need built dist folders. `npm pack` would build through each
// package's prepack (`nx build`), at one Nx start per package; one
// `nx run-many -t build` first (a cache hit when `npm test` has already built,
// see the cli project's test dependsOn) and packing with --ignore-scripts does
// the same in one start. The install is `npm ci --offline` from a lockfile made
// from the workspace's (see scratchInstall): after `npm ci` in the workspace
// the local npm cache holds every tarball it names, so the spec never uses
// the network.

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const MINUTES = 60_000;

let scratch: string;
let tarballs: PackedTarball[];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'selective-kd-packed-'));
  const packs = join(scratch, 'packs');
  const app = join(scratch, 'app');
  mkdirSync(packs);
  mkdirSync(app);

  run('npx', ['nx', 'run-many', '-t', 'build', `--projects=${PUBLISHABLE.join(',')}`, '--outputStyle=static'], workspaceRoot);
  const workspaces = PUBLISHABLE.flatMap((name) => ['-w', name]);
  const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packs, ...workspaces], workspaceRoot);
  tarballs = JSON.parse(packed.stdout) as PackedTarball[];

  writeScratchProject(app, scratchInstall(workspaceRoot, tarballs, '../packs'));
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], app);
}, 10 * MINUTES);

// Deleting the scratch install (its whole node_modules) outlasted vitest's 10 s hook default on a loaded 2-core machine.
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 2 * MINUTES);

const app = () => join(scratch, 'app');

describe('the packed packages', () => {
  it.each(PUBLISHABLE)('%s: its tarball has LICENSE, README and dist, and no tests, spec helpers, declaration maps or sources', (name) => {
    const paths = tarballs.find((t) => t.name === name)!.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
    expect(paths.filter((p) => /\.spec\.|\.spec-helper\.|\.d\.ts\.map$|\.tsbuildinfo$|^src\//.test(p))).toEqual([]);
  });

  it.each(INSTALLED)("%s: installed with its metadata, real version ranges and source maps that carry their sources", (name) => {
    const dir = join(app(), 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.engines).toEqual({ node: '>=20.19' });
    expect(pkg.repository).toMatchObject({ type: 'git', url: 'git+https://github.com/selective-kd/selective-kd.git' });
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/selective-kd\/selective-kd/);
    expect(pkg.bugs.url).toBe('https://github.com/selective-kd/selective-kd/issues');
    expect(pkg.keywords).toContain('knowledge-distillation');
    const internal = Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies }).filter(([dep]) => dep.startsWith('@selective-kd/'));
    for (const [dep, range] of internal) expect(range, dep).toBe('^0.1.0');
    const map = JSON.parse(readFileSync(join(dir, 'dist', 'index.js.map'), 'utf8'));
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 the selective-kd authors');
  });

  it('installs no native backend: tfjs-node and tfjs-node-gpu stay optional peers', () => {
    expect(existsSync(join(app(), 'node_modules', '@tensorflow', 'tfjs-node'))).toBe(false);
    expect(existsSync(join(app(), 'node_modules', '@tensorflow', 'tfjs-node-gpu'))).toBe(false);
    const core = JSON.parse(readFileSync(join(app(), 'node_modules', '@selective-kd', 'core', 'package.json'), 'utf8'));
    expect(core.peerDependenciesMeta['@tensorflow/tfjs-node']).toEqual({ optional: true });
    expect(core.peerDependenciesMeta['@tensorflow/tfjs-node-gpu']).toEqual({ optional: true });
  });

  it('installs no package with an install script, so nothing downloads beyond the npm registry', () => {
    const installed = JSON.parse(readFileSync(join(app(), 'node_modules', '.package-lock.json'), 'utf8')).packages;
    const withScripts = Object.entries(installed).filter(([, entry]) => (entry as { hasInstallScript?: boolean }).hasInstallScript);
    expect(Object.keys(installed).length).toBeGreaterThan(INSTALLED.length);
    expect(withScripts.map(([path]) => path)).toEqual([]);
  });

  it.each(Object.keys(PROGRAMS))('trains and evaluates a %s student through the installed packages on wasm', { timeout: 3 * MINUTES }, (name) => {
    const { stdout } = run('node', [`${name}.mjs`], app());
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(out.backend).toBe('wasm');
    expect(out.reason).toBe('asked for');
    expect(out.losses).toHaveLength(3);
    for (const loss of out.losses) expect(Number.isFinite(loss) && loss > 0).toBe(true);
    expect(Number.isFinite(out.evaluation.loss)).toBe(true);
    expect(out.evaluation.batches).toBe(1);
    expect(out.leaked).toBe(0);
    const expected = {
      pixel: { shape: [4, 8, 8, 2], metric: 'meanIoU' },
      text: { shape: [4, 6, 3], metric: 'tokenAccuracy' },
      audio: { shape: [2, 5, 88], metric: 'f1' },
    }[name]!;
    expect(out.logitsShape).toEqual(expected.shape);
    for (const side of ['student', 'teacher']) {
      const value = out.evaluation[side][expected.metric];
      expect(value, `${side} ${expected.metric}`).toBeGreaterThanOrEqual(0);
      expect(value, `${side} ${expected.metric}`).toBeLessThanOrEqual(1);
    }
    // The function teachers are exact on their own labels.
    expect(out.evaluation.teacher[expected.metric]).toBe(1);
  });

  it.each(['pixel', 'text', 'audio'])("runs the %s README's example as printed there, and prints the backend line it shows", { timeout: 3 * MINUTES }, (name) => {
    const readme = readFileSync(join(app(), 'node_modules', '@selective-kd', name, 'README.md'), 'utf8');
    const example = /^## Example\n[\s\S]*?```js\n([\s\S]*?)```/m.exec(readme)?.[1];
    const shown = /^```text\n(backend: .*)\n```/m.exec(readme)?.[1];
    expect(example, 'a ```js block under ## Example').toBeDefined();
    writeFileSync(join(app(), `readme-${name}.mjs`), example!);
    const lines = run('node', [`readme-${name}.mjs`], app()).stdout.trim().split('\n');
    expect(lines[0]).toBe(shown);
    expect(lines[1]).toMatch(/^loss per epoch( \d+\.\d{3}){5}$/);
    expect(lines[2]).toMatch(/^student [\w ]+ (0|1)\.\d{3}$/);
  });

  it("resolves core's and pixel's browser builds under the `browser` condition: no file-system parts, which refuse by name", () => {
    writeFileSync(
      join(app(), 'browser-entry.mjs'),
      [
        "import * as core from '@selective-kd/core';",
        "import * as pixel from '@selective-kd/pixel';",
        "import * as coreNode from '@selective-kd/core/node';",
        "const refused = await core.TeacherOutputCache.compute(() => null, [], { dir: 'cache', key: 'k' }).catch((error) => error.code);",
        'console.log(JSON.stringify({',
        "  core: ['SelectiveDistiller', 'initBackend', 'MetricsLog', 'fileSystem', 'readCheckpoint'].map((name) => typeof core[name]),",
        "  pixel: ['pixelModality', 'segmentationBatches', 'readSegmentationFolder'].map((name) => typeof pixel[name]),",
        "  coreNode: typeof coreNode.MetricsLog,",
        '  order: core.BACKEND_ORDER,',
        '  refused,',
        '}));',
      ].join('\n'),
    );
    const out = JSON.parse(run('node', ['--conditions=browser', 'browser-entry.mjs'], app()).stdout.trim().split('\n').at(-1)!);
    expect(out).toEqual({
      core: ['function', 'function', 'undefined', 'undefined', 'undefined'],
      pixel: ['function', 'function', 'undefined'],
      coreNode: 'function',
      order: ['webgpu', 'webgl', 'wasm', 'cpu'],
      refused: 'UNSUPPORTED',
    });
  });

  it('links the selective-kd command, which answers --help', { timeout: 3 * MINUTES }, () => {
    const { stdout } = run(join(app(), 'node_modules', '.bin', 'selective-kd'), ['--help'], app());
    expect(stdout).toMatch(/distill/);
    expect(stdout).toMatch(/evaluate/);
  });

  it('type-checks a TypeScript user file against the installed .d.ts files with the documented tsconfig', { timeout: 3 * MINUTES }, () => {
    const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(run('node', [tsc, '-p', 'tsconfig.json'], app()).stdout).toBe('');
  });

  it("needs skipLibCheck: without it tfjs's own .d.ts files fail to check", { timeout: 3 * MINUTES }, () => {
    const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    // The READMEs quote this count (TypeScript 5.9.3, tfjs 4.22.0, strict): every error is in tfjs's own files.
    const output = spawnSync('node', [tsc, '-p', 'tsconfig.json', '--skipLibCheck', 'false'], { cwd: app(), encoding: 'utf8' }).stdout;
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors).toHaveLength(17);
    for (const error of errors) expect(error).toMatch(/^node_modules\/@tensorflow\/tfjs-(core|layers)\/dist\//);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** A copy of the workspace under the OS temp dir whose commands cannot write into the original. */
export interface ScratchWorkspace {
  readonly root: string;
  /** Runs a shell command at the copy's root; returns its stdout, or throws with the output's tail. */
  run(command: string): string;
  /** What `npm install` does for workspace packages: links each `@selective-kd/*` package into node_modules. */
  linkWorkspacePackages(): void;
  /** Deletes the copy. */
  dispose(): void;
}

const SCOPE = '@selective-kd';
// Each command's own limit, so a hung nx or vitest fails the test instead of holding CI.
const COMMAND_TIMEOUT_MS = 5 * 60_000;

/**
 * Copies the workspace's source files (git's tracked and untracked, not
 * ignored: no node_modules, dist, .nx or tmp) into a fresh temp dir. Its
 * node_modules is a real folder of symlinks to the original's entries, except
 * `@selective-kd`, whose links point into the copy; dot entries (vite's temp
 * files, npm's hidden lockfile) are left out so tools write them in the copy.
 */
export function copyWorkspace(source: string): ScratchWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'selective-kd-e2e-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: source, encoding: 'utf8' })
    .split('\0')
    // --cached lists files deleted from the working tree too
    .filter((file) => file !== '' && existsSync(join(source, file)));
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(join(source, file), join(root, file));
  }

  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, SCOPE), { recursive: true });
  for (const entry of readdirSync(join(source, 'node_modules'))) {
    if (entry === SCOPE || (entry.startsWith('.') && entry !== '.bin')) continue;
    symlinkSync(join(source, 'node_modules', entry), join(modules, entry));
  }

  const scratch: ScratchWorkspace = {
    root,
    run(command) {
      const result = spawnSync('bash', ['-c', command], {
        cwd: root,
        env: childEnv(),
        encoding: 'utf8',
        timeout: COMMAND_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0) {
        const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
        throw new Error(
          `'${command}' failed in ${root} (${result.error?.message ?? `exit ${result.status}, signal ${result.signal}`}):\n${output.slice(-6000)}`,
        );
      }
      return result.stdout;
    },
    linkWorkspacePackages() {
      for (const dir of workspacePackageDirs(root)) {
        const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
        const link = join(modules, name);
        if (typeof name === 'string' && name.startsWith(`${SCOPE}/`) && !existsSync(link)) {
          symlinkSync(relative(dirname(link), join(root, dir)), link);
        }
      }
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  scratch.linkWorkspacePackages();
  return scratch;
}

/** The test's environment minus what would point a nested nx or vitest back at the real workspace or this run. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(NX_|VITEST|VITE_)/.test(key) && key !== 'NODE_ENV' && key !== 'TEST'),
  );
  return { ...env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };
}

/** Package folders matched by the root package.json's `workspaces` globs (`dir/*`). */
function workspacePackageDirs(root: string): string[] {
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  return workspaces
    .filter((pattern) => pattern.endsWith('/*') && existsSync(join(root, pattern.slice(0, -2))))
    .flatMap((pattern) => readdirSync(join(root, pattern.slice(0, -2))).map((child) => `${pattern.slice(0, -2)}/${child}`))
    .filter((dir) => existsSync(join(root, dir, 'package.json')));
}

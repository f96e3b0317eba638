import { logger, readJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { modalityGenerator } from './modality-generator';

const installPackagesTask = vi.hoisted(() => vi.fn());
vi.mock('@nx/devkit', async (importOriginal) => ({ ...(await importOriginal<object>()), installPackagesTask }));

/** An empty Nx workspace shaped like this one: npm workspaces, a root tsconfig, core and pixel. */
function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  writeJson(tree, 'package.json', {
    name: 'selective-kd',
    workspaces: ['packages/*', 'plugins/*', 'examples/*', 'tools/*'],
    devDependencies: { '@tensorflow/tfjs-core': '4.22.0' },
  });
  writeJson(tree, 'tsconfig.json', { files: [], references: [{ path: './packages/core' }] });
  writeJson(tree, 'packages/core/package.json', { name: '@selective-kd/core' });
  writeJson(tree, 'plugins/pixel/package.json', { name: '@selective-kd/pixel' });
  writeJson(tree, 'examples/demo/package.json', { name: '@selective-kd/lidar' });
  return tree;
}

describe('modality generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspace();
    installPackagesTask.mockClear();
  });

  it('creates the plugin package with its sources, spec, configs and README', async () => {
    await modalityGenerator(tree, { name: 'sensor', skipInstall: true });
    const files = tree.listChanges().map((change) => change.path).filter((path) => path.startsWith('plugins/sensor/'));
    expect(files.sort()).toEqual(
      [
        'README.md',
        'package.json',
        'src/index.ts',
        'src/sensor-accuracy.ts',
        'src/sensor-modality.spec.ts',
        'src/sensor-modality.ts',
        'tsconfig.json',
        'tsconfig.lib.json',
        'tsconfig.spec.json',
        'vitest.config.ts',
      ].map((file) => `plugins/sensor/${file}`),
    );
    const source = tree.read('plugins/sensor/src/sensor-modality.ts', 'utf8') ?? '';
    expect(source).toContain('export function sensorModality(options: SensorModalityOptions = {}): ModalityPlugin<number[]>');
    expect(source).toContain(`meta: { name: 'sensor', version: '0.1.0' }`);
    expect(source).toContain(`unit: { name: 'element', axes: ['element'], target: 'class-index' }`);
    expect(source).not.toMatch(/<%|%>/);
    expect(tree.read('plugins/sensor/src/sensor-modality.spec.ts', 'utf8')).toContain('pluginContractSuite({');
    expect(tree.read('plugins/sensor/vitest.config.ts', 'utf8')).toContain(`sharedTestConfig('sensor')`);
  });

  it('writes a package.json like the other plugins: ESM, exports with the source condition, workspace dependencies', async () => {
    await modalityGenerator(tree, { name: 'point-cloud', skipInstall: true });
    const pkg = readJson(tree, 'plugins/point-cloud/package.json');
    expect(pkg).toMatchObject({
      name: '@selective-kd/point-cloud',
      type: 'module',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: {
        '.': {
          '@selective-kd/source': './src/index.ts',
          types: './dist/index.d.ts',
          import: './dist/index.js',
          default: './dist/index.js',
        },
      },
      dependencies: { '@selective-kd/core': '*' },
      devDependencies: { '@selective-kd/testing': '*' },
      // the root package.json's version, so the workspace has one tfjs-core
      peerDependencies: { '@tensorflow/tfjs-core': '4.22.0' },
    });
    // names() turns the kebab-case name into identifiers
    expect(tree.read('plugins/point-cloud/src/index.ts', 'utf8')).toContain('pointCloudModality, type PointCloudModalityOptions');
    expect(readJson(tree, 'plugins/point-cloud/tsconfig.lib.json').references).toEqual([
      { path: '../../packages/core/tsconfig.lib.json' },
      { path: '../../packages/testing/tsconfig.lib.json' },
    ]);
  });

  it('names the unit as asked', async () => {
    await modalityGenerator(tree, { name: 'sensor', unit: 'timestep', skipInstall: true });
    expect(tree.read('plugins/sensor/src/sensor-modality.ts', 'utf8')).toContain(
      `unit: { name: 'timestep', axes: ['timestep'], target: 'class-index' }`,
    );
  });

  it('adds the project to the root tsconfig.json references once', async () => {
    await modalityGenerator(tree, { name: 'sensor', skipInstall: true });
    expect(readJson(tree, 'tsconfig.json').references).toEqual([{ path: './packages/core' }, { path: './plugins/sensor' }]);
  });

  it('returns a task that runs npm install unless told to skip it, then prints the next steps', async () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const install = await modalityGenerator(tree, { name: 'sensor' });
    expect(installPackagesTask).not.toHaveBeenCalled();
    await install();
    expect(installPackagesTask).toHaveBeenCalledWith(tree, true);
    expect(info.mock.calls[0][0]).toContain('npx nx run-many -t typecheck test -p @selective-kd/sensor');
    expect(info.mock.calls[0][0]).not.toContain('npm install');

    installPackagesTask.mockClear();
    await (await modalityGenerator(workspace(), { name: 'sensor', skipInstall: true }))();
    expect(installPackagesTask).not.toHaveBeenCalled();
    expect(info.mock.calls[1][0]).toContain('npm install');
    info.mockRestore();
  });

  it('refuses an existing plugin folder or package name', async () => {
    await expect(modalityGenerator(tree, { name: 'pixel' })).rejects.toThrow(
      'plugins/pixel already exists; choose another name or delete that folder first',
    );
    await expect(modalityGenerator(tree, { name: 'lidar' })).rejects.toThrow(
      'the package @selective-kd/lidar already exists in examples/demo; choose another name',
    );
    await modalityGenerator(tree, { name: 'sensor', skipInstall: true });
    await expect(modalityGenerator(tree, { name: 'sensor' })).rejects.toThrow('plugins/sensor already exists');
  });

  it('refuses names that are not kebab-case, saying what is allowed', async () => {
    for (const name of ['Sensor', 'my_sensor', 'sensor-', '-sensor', 'a--b', '9lives', '@scope/x', 'plugins/x', 'sen sor']) {
      await expect(modalityGenerator(tree, { name }), name).rejects.toThrow(
        `'${name}' is not a valid modality name: it becomes the package @selective-kd/${name} and the folder plugins/${name}; ` +
          'use kebab-case: lowercase letters and digits, words joined by single hyphens, starting with a letter (e.g. sensor, point-cloud)',
      );
    }
    await expect(modalityGenerator(tree, { name: '' })).rejects.toThrow('the modality needs a name; use kebab-case');
    await expect(modalityGenerator(tree, { name: 'a'.repeat(202) })).rejects.toThrow('may have at most 200');
  });

  it('refuses reserved names and a bad unit name', async () => {
    for (const name of ['core', 'testing', 'tools']) {
      await expect(modalityGenerator(tree, { name })).rejects.toThrow(`'${name}' is reserved (core, testing, tools, source are)`);
    }
    await expect(modalityGenerator(tree, { name: 'sensor', unit: 'Time Step' })).rejects.toThrow(
      `'Time Step' is not a valid unit name: use kebab-case`,
    );
  });

  it('writes nothing when it refuses', async () => {
    const before = tree.listChanges().length;
    await expect(modalityGenerator(tree, { name: 'Bad' })).rejects.toThrow();
    expect(tree.listChanges().length).toBe(before);
  });
});

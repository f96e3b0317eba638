import {
  generateFiles,
  installPackagesTask,
  joinPathFragments,
  logger,
  names,
  readJson,
  updateJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { checkModalityName, checkUnitName } from './check-modality-name';
import type { ModalityGeneratorSchema } from './schema';

const TFJS_CORE = '@tensorflow/tfjs-core';

/**
 * Scaffolds `plugins/<name>` as `@selective-kd/<name>`: a modality plugin of
 * one class-index unit per sequence element (logits `[B, N, C]`, labels
 * `[B, N]`) whose spec runs the plugin contract suite and passes as generated.
 * Adds the project to the root tsconfig.json references and returns a task
 * that runs `npm install` (which links the package) and prints next steps.
 */
export async function modalityGenerator(tree: Tree, schema: ModalityGeneratorSchema): Promise<GeneratorCallback> {
  const { name, unit = 'element', skipInstall = false } = schema;
  checkModalityName(tree, name);
  checkUnitName(unit);
  const root = `plugins/${name}`;
  const { fileName, propertyName, className } = names(name);

  generateFiles(tree, joinPathFragments(__dirname, 'files'), root, {
    tmpl: '',
    name,
    fileName,
    propertyName,
    className,
    unit,
    tfjsVersion: rootDependencyVersion(tree, TFJS_CORE),
  });
  addRootReference(tree, root);

  return () => {
    if (!skipInstall) installPackagesTask(tree, true);
    logger.info(nextSteps(name, root, skipInstall));
  };
}

export default modalityGenerator;

/** The version the root package.json pins, so the plugin's peer dependency matches the workspace's. */
function rootDependencyVersion(tree: Tree, dependency: string): string {
  const { dependencies = {}, devDependencies = {} } = readJson(tree, 'package.json');
  const version = dependencies[dependency] ?? devDependencies[dependency];
  if (typeof version !== 'string') {
    throw new Error(`the root package.json does not depend on ${dependency}; the generated plugin needs its version as a peer dependency`);
  }
  return version;
}

/** What `nx sync` would add: the new project in the root solution tsconfig. */
function addRootReference(tree: Tree, root: string): void {
  if (!tree.exists('tsconfig.json')) return;
  updateJson(tree, 'tsconfig.json', (json) => {
    const references: { path: string }[] = json.references ?? [];
    if (!references.some((ref) => ref.path.replace(/^\.\//, '') === root)) references.push({ path: `./${root}` });
    return { ...json, references };
  });
}

function nextSteps(name: string, root: string, skipInstall: boolean): string {
  return [
    `Created ${root} (@selective-kd/${name}). Next:`,
    ...(skipInstall ? ['  npm install                   # link the package and update package-lock.json'] : []),
    `  npx nx run-many -t typecheck test -p @selective-kd/${name}   # the contract suite passes as generated`,
    `  then make ${root}/src/${name}-modality.ts your modality: see docs/writing-a-plugin.md`,
  ].join('\n');
}

import { readJson, type Tree } from '@nx/devkit';

/** Lowercase words of letters and digits joined by single hyphens, starting with a letter. */
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Names that would shadow a package this workspace has or means to have. */
export const RESERVED_NAMES: readonly string[] = ['core', 'testing', 'tools', 'source'];

const SCOPE = '@selective-kd/';
// npm limits a package name, scope included, to 214 characters.
const MAX_NAME_LENGTH = 214 - SCOPE.length;

/**
 * Refuses a modality name that is not kebab-case (so not a valid npm package
 * name segment, folder and `meta.name` at once), a reserved one, or one whose
 * folder or package already exists. Each error says what is wrong and what is allowed.
 */
export function checkModalityName(tree: Tree, name: string): void {
  const allowed =
    'use kebab-case: lowercase letters and digits, words joined by single hyphens, starting with a letter (e.g. sensor, point-cloud)';
  if (typeof name !== 'string' || name === '') throw new Error(`the modality needs a name; ${allowed}`);
  if (!KEBAB_CASE.test(name)) {
    throw new Error(`'${name}' is not a valid modality name: it becomes the package ${SCOPE}${name} and the folder plugins/${name}; ${allowed}`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new Error(`'${name}' is too long: npm package names are at most 214 characters, so the name may have at most ${MAX_NAME_LENGTH}`);
  }
  if (RESERVED_NAMES.includes(name)) {
    throw new Error(`'${name}' is reserved (${RESERVED_NAMES.join(', ')} are); choose the name of the modality, e.g. sensor`);
  }
  if (tree.exists(`plugins/${name}`)) {
    throw new Error(`plugins/${name} already exists; choose another name or delete that folder first`);
  }
  const owner = workspacePackageDirs(tree).find((dir) => readJson(tree, `${dir}/package.json`).name === `${SCOPE}${name}`);
  if (owner) {
    throw new Error(`the package ${SCOPE}${name} already exists in ${owner}; choose another name`);
  }
}

/** Refuses a unit name that is not kebab-case (it names the unit-grid axis and appears in messages). */
export function checkUnitName(unit: string): void {
  if (typeof unit !== 'string' || !KEBAB_CASE.test(unit)) {
    throw new Error(
      `'${unit}' is not a valid unit name: use kebab-case, e.g. element, timestep, point; it names one processing unit in messages and the unit axis`,
    );
  }
}

/** Folders of the workspace's packages, from the root package.json's `workspaces` (`dir/*` globs and plain folders). */
function workspacePackageDirs(tree: Tree): string[] {
  const patterns: string[] = tree.exists('package.json') ? (readJson(tree, 'package.json').workspaces ?? []) : [];
  return patterns
    .flatMap((pattern) => {
      if (!pattern.includes('*')) return [pattern];
      const parent = pattern.slice(0, -2);
      return pattern.endsWith('/*') ? tree.children(parent).map((child) => `${parent}/${child}`) : [];
    })
    .filter((dir) => tree.isFile(`${dir}/package.json`));
}

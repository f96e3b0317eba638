import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideSteps, type GuideStep } from './guide-steps';
import { copyWorkspace, type ScratchWorkspace } from './scratch-workspace';

const workspaceRoot = resolve(__dirname, '../../../..');
const guidePath = join(workspaceRoot, 'docs/writing-a-plugin.md');
const GENERATE = /^npx nx (g|generate) @selective-kd\/tools:modality (\S+)/;

/**
 * Follows docs/writing-a-plugin.md in a scratch copy of the workspace: runs
 * its commands, writes its files, and compares what it prints with the output
 * the guide shows. The copy shares the real node_modules (read-only), so the
 * guide's two installs are stood in for: the generator runs with
 * `--skipInstall`, and `npm install` links the workspace packages as npm would.
 */
describe('docs/writing-a-plugin.md, followed in a scratch copy of the workspace', () => {
  it('generates a plugin whose tests pass as generated, and trains the student with the numbers the guide shows', () => {
    const steps = guideSteps(readFileSync(guidePath, 'utf8'));
    const generateAt = steps.findIndex((step) => step.kind === 'shell' && step.commands.some((c) => GENERATE.test(c)));
    expect(generateAt, 'the guide generates a plugin').toBeGreaterThanOrEqual(0);
    const generated = GENERATE.exec((steps[generateAt] as Extract<GuideStep, { kind: 'shell' }>).commands.find((c) => GENERATE.test(c))!)![2];
    // "Passes with no edits": the generated plugin is tested before the guide writes any file.
    const firstTest = steps.findIndex((step) => step.kind === 'shell' && step.commands.some((c) => c.includes(`test -p @selective-kd/${generated}`)));
    const firstFile = steps.findIndex((step) => step.kind === 'file');
    expect(firstTest).toBeGreaterThanOrEqual(generateAt);
    expect(firstTest).toBeLessThan(firstFile);
    expect(steps.some((step) => step.kind === 'output'), 'the guide shows output to check').toBe(true);

    const realReport = join(workspaceRoot, 'tmp/test-results', `${generated}.json`);
    const reportBefore = existsSync(realReport) ? statSync(realReport).mtimeMs : undefined;
    const scratch = copyWorkspace(workspaceRoot);
    try {
      // Other work in the shared tree may have left references unsynced; that is not this test's concern.
      scratch.run('npx nx sync');
      let printed = '';
      for (const step of steps) {
        if (step.kind === 'file') {
          mkdirSync(dirname(join(scratch.root, step.path)), { recursive: true });
          writeFileSync(join(scratch.root, step.path), step.content);
        } else if (step.kind === 'shell') {
          printed = step.commands.map((command) => runAsTheGuideSays(scratch, command)).join('');
        } else {
          expectLinesInOrder(printed, step.lines);
        }
      }

      const report = JSON.parse(readFileSync(join(scratch.root, 'tmp/test-results', `${generated}.json`), 'utf8'));
      expect(report.numFailedTests).toBe(0);
      // the contract suite alone has a dozen tests
      expect(report.numPassedTests).toBeGreaterThan(12);
    } finally {
      scratch.dispose();
    }
    // Nothing landed in the real workspace.
    expect(existsSync(join(workspaceRoot, 'plugins', generated))).toBe(false);
    expect(existsSync(realReport) ? statSync(realReport).mtimeMs : undefined).toBe(reportBefore);
  }, 600_000);
});

/** Runs one of the guide's commands, standing in for the installs the shared node_modules cannot take. */
function runAsTheGuideSays(scratch: ScratchWorkspace, command: string): string {
  if (command === 'npm install') {
    scratch.linkWorkspacePackages();
    return '';
  }
  if (command.startsWith('npm ')) throw new Error(`the walk-through test cannot run '${command}' in a copy that shares node_modules`);
  if (GENERATE.test(command)) {
    const output = scratch.run(`${command} --skipInstall`);
    scratch.linkWorkspacePackages();
    // The generator adds the root tsconfig reference itself, so nothing is left to sync.
    scratch.run('npx nx sync:check');
    return output;
  }
  return scratch.run(command);
}

function expectLinesInOrder(printed: string, lines: string[]): void {
  let from = 0;
  for (const line of lines) {
    const at = printed.indexOf(line, from);
    expect(at, `the guide shows '${line}'; the command printed:\n${printed}`).toBeGreaterThanOrEqual(0);
    from = at + line.length;
  }
}

/** One thing the guide's walk-through asks the reader to do, in document order. */
export type GuideStep =
  /** A fenced block whose first line is `// file: <path>`: write the rest as that file. */
  | { kind: 'file'; path: string; content: string }
  /** A ```sh block: its command lines, run one by one from the workspace root. */
  | { kind: 'shell'; commands: string[] }
  /** A ```text block: lines the closest shell block before it prints, in this order. */
  | { kind: 'output'; lines: string[] };

const FENCE = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
const FILE_MARKER = /^\/\/ file: (\S+)[ \t]*$/;

/**
 * The runnable steps of a markdown guide. Conventions (docs/writing-a-plugin.md
 * states them for readers): a block whose first line is `// file: <path>` is a
 * whole file, that line excluded; a `sh` block is commands, one per line, `#`
 * lines being comments; a `text` block is the output of the shell block before
 * it. Any other block is illustration and not run.
 */
export function guideSteps(markdown: string): GuideStep[] {
  const steps: GuideStep[] = [];
  for (const [, info, body] of markdown.matchAll(FENCE)) {
    const language = info.trim().split(/\s+/)[0];
    const [first, ...rest] = body.split('\n');
    const file = FILE_MARKER.exec(first);
    if (file) {
      steps.push({ kind: 'file', path: file[1], content: rest.join('\n') });
    } else if (language === 'sh') {
      const commands = body.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
      steps.push({ kind: 'shell', commands });
    } else if (language === 'text') {
      if (!steps.some((step) => step.kind === 'shell')) throw new Error(`a text block comes before any sh block:\n${body}`);
      steps.push({ kind: 'output', lines: body.split('\n').map((line) => line.trim()).filter((line) => line !== '') });
    }
  }
  return steps;
}

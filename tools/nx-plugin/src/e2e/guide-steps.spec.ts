import { describe, expect, it } from 'vitest';
import { guideSteps } from './guide-steps';

describe('guideSteps', () => {
  it('reads file blocks, shell commands and expected output in document order', () => {
    const guide = [
      'Generate it:',
      '```sh',
      '# a comment',
      'npx nx g @selective-kd/tools:modality sensor',
      '',
      'npx nx test @selective-kd/sensor',
      '```',
      'Write the script:',
      '```ts',
      '// file: examples/a/src/main.ts',
      "console.log('hi');",
      '```',
      'An illustration, not run:',
      '```ts',
      'const plugin = sensorModality();',
      '```',
      '```json',
      '// file: examples/a/package.json',
      '{ "name": "a" }',
      '```',
      '```sh',
      'node examples/a/dist/main.js',
      '```',
      'It prints:',
      '```text',
      'hi',
      '```',
    ].join('\n');
    expect(guideSteps(guide)).toEqual([
      { kind: 'shell', commands: ['npx nx g @selective-kd/tools:modality sensor', 'npx nx test @selective-kd/sensor'] },
      { kind: 'file', path: 'examples/a/src/main.ts', content: "console.log('hi');\n" },
      { kind: 'file', path: 'examples/a/package.json', content: '{ "name": "a" }\n' },
      { kind: 'shell', commands: ['node examples/a/dist/main.js'] },
      { kind: 'output', lines: ['hi'] },
    ]);
  });

  it('refuses expected output with no command before it', () => {
    expect(() => guideSteps('```text\nhi\n```\n')).toThrow('a text block comes before any sh block');
  });
});

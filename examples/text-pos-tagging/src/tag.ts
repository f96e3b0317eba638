import { initBackend, registerFileSystemRouter } from '@selective-kd/core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { taggerDir } from './student-context.js';
import { loadTagger, tagText } from './saved-tagger.js';

const USAGE = 'usage: npm run tag -w examples/text-pos-tagging -- "any sentence"';

// Tags raw text with the distilled student (loss-compare, first seed) the last run saved.
async function main(): Promise<void> {
  const text = process.argv.slice(2).join(' ');
  if (text.trim() === '' || text === '--help') throw new Error(`give the text to tag\n${USAGE}`);
  await initBackend(); // no backend line: stdout carries only the tags
  registerFileSystemRouter();
  const tagger = await loadTagger(taggerDir(join(fileURLToPath(new URL('..', import.meta.url)), '.cache')));
  console.log(tagText(tagger, text).map(({ token, tag }) => `${token.text}/${tag}`).join(' '));
  tagger.model.dispose();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

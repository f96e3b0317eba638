import { expectSelectiveKdError } from '@selective-kd/testing';
import { SelectiveKdError } from '@selective-kd/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConll, readConll } from './read-conll.js';

const row = (...fields: string[]) => fields.join('\t');

// A CoNLL-U excerpt in the shape of UD English-EWT: comments, a multi-word token (1-2) whose
// parts follow, an empty node (3.1), Windows line endings on one line, no blank line at the end.
const CONLLU = [
  '# newdoc id = test',
  '# sent_id = 1',
  '# text = Don\'t go.',
  row('1-2', "Don't", '_', '_', '_', '_', '_', '_', '_', '_'),
  row('1', 'Do', 'do', 'AUX', 'VBP', '_', '3', 'aux', '_', '_'),
  row('2', "n't", 'not', 'PART', 'RB', '_', '3', 'advmod', '_', '_'),
  row('3', 'go', 'go', 'VERB', 'VB', '_', '0', 'root', '_', 'SpaceAfter=No'),
  row('3.1', 'went', 'go', 'VERB', 'VBD', '_', '_', '_', '3:conj', '_'),
  `${row('4', '.', '.', 'PUNCT', '.', '_', '3', 'punct', '_', '_')}\r`,
  '',
  '',
  '# sent_id = 2',
  row('1', 'Dogs', 'dog', 'NOUN', 'NNS', '_', '2', 'nsubj', '_', '_'),
  row('2', 'bark', 'bark', 'VERB', 'VBP', '_', '0', 'root', '_', '_'),
].join('\n');

// CoNLL-2003 (English NER): token, POS, chunk, NER separated by single spaces; -DOCSTART- lines.
const CONLL2003 = `-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC

-DOCSTART- -X- -X- O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
`;

describe('parseConll on CoNLL-U', () => {
  it('reads FORM and UPOS, skipping comments, multi-word ranges and empty nodes', () => {
    expect(parseConll(CONLLU)).toEqual([
      { words: ['Do', "n't", 'go', '.'], tags: ['AUX', 'PART', 'VERB', 'PUNCT'] },
      { words: ['Dogs', 'bark'], tags: ['NOUN', 'VERB'] },
    ]);
  });

  it('reads another column when asked (XPOS, the lemma as token)', () => {
    expect(parseConll(CONLLU, { tagColumn: 4, tokenColumn: 2 })[1]).toEqual({ words: ['dog', 'bark'], tags: ['NNS', 'VBP'] });
    expect(parseConll(CONLLU, { format: 'conllu' })).toEqual(parseConll(CONLLU));
  });

  it('refuses a wrong column count, a bad ID and a "_" tag, naming source and line', () => {
    const broken = CONLLU.replace(row('2', 'bark', 'bark', 'VERB'), row('2', 'bark', 'bark'));
    expectSelectiveKdError(() => parseConll(broken, {}, 'ud.conllu'), 'INVALID_INPUT', 'ud.conllu, line 14', '9 tab-separated columns', 'has 10');
    const badId = CONLLU.replace(row('1', 'Dogs'), row('x', 'Dogs'));
    expectSelectiveKdError(() => parseConll(badId, {}, 'ud.conllu'), 'INVALID_INPUT', 'ud.conllu, line 13', 'ID column is "x"');
    const blankTag = CONLLU.replace(row('Dogs', 'dog', 'NOUN'), row('Dogs', 'dog', '_'));
    expectSelectiveKdError(() => parseConll(blankTag, {}, 'ud.conllu'), 'INVALID_INPUT', 'ud.conllu, line 13', 'tag column 4 (UPOS) is "_"', 'tagColumn');
    expectSelectiveKdError(() => parseConll(CONLLU, { tagColumn: 10 }, 'ud.conllu'), 'INVALID_INPUT', 'ud.conllu, line 5', 'no tag column 11');
  });
});

describe('parseConll on CoNLL-2003 style files', () => {
  it('reads the token and the last column, skipping -DOCSTART- lines', () => {
    expect(parseConll(CONLL2003)).toEqual([
      { words: ['EU', 'rejects', 'German'], tags: ['B-ORG', 'O', 'B-MISC'] },
      { words: ['Peter', 'Blackburn'], tags: ['B-PER', 'I-PER'] },
    ]);
    expect(parseConll(CONLL2003, { tagColumn: 1 })[0].tags).toEqual(['NNP', 'VBZ', 'JJ']);
  });

  it('reads tab-separated two-column files (WNUT style) and keeps spaces inside a tab field', () => {
    expect(parseConll('New York\tB-LOC\nis\tO\n\n\nhere\tO\n', { format: 'conll2003' })).toEqual([
      { words: ['New York', 'is'], tags: ['B-LOC', 'O'] },
      { words: ['here'], tags: ['O'] },
    ]);
  });

  it('treats "#" as a token, not a comment', () => {
    expect(parseConll('# SYM\nfive CD\n')).toEqual([{ words: ['#', 'five'], tags: ['SYM', 'CD'] }]);
  });

  it('refuses a line with another column count, and a line with no tag column', () => {
    const cut = CONLL2003.replace('rejects VBZ B-VP O', 'rejects VBZ O');
    expectSelectiveKdError(() => parseConll(cut, {}, 'train.txt'), 'INVALID_INPUT', 'train.txt, line 4', '3 columns where the first token line has 4');
    expectSelectiveKdError(() => parseConll('EU\nrejects\n', {}, 'one.txt'), 'INVALID_INPUT', 'one.txt, line 1', 'no tag column 1');
    expectSelectiveKdError(() => parseConll(CONLL2003, { tagColumn: 7 }, 'train.txt'), 'INVALID_INPUT', 'train.txt, line 3', 'no tag column 8');
  });
});

describe('parseConll options and empty input', () => {
  it('refuses empty text and text of comments only, naming the source', () => {
    for (const text of ['', '\n\n', '# sent_id = 1\n# text = nothing\n', '-DOCSTART- -X- O\n\n']) {
      expectSelectiveKdError(() => parseConll(text, {}, 'empty.conllu'), 'EMPTY_INPUT', 'empty.conllu', 'no token lines');
    }
  });

  it('refuses bad options, naming the field', () => {
    expectSelectiveKdError(() => parseConll(CONLLU, { format: 'csv' as 'auto' }), 'INVALID_OPTION', 'format', '"csv"');
    expectSelectiveKdError(() => parseConll(CONLLU, { tagColumn: -1 }), 'INVALID_OPTION', 'tagColumn', '-1');
    expectSelectiveKdError(() => parseConll(CONLLU, { tokenColumn: 1.5 }), 'INVALID_OPTION', 'tokenColumn', '1.5');
    expectSelectiveKdError(() => parseConll(CONLLU, { tokenColumn: 3 }), 'INVALID_OPTION', 'tagColumn and tokenColumn are both 3');
  });
});

describe('readConll', () => {
  it('reads a file and names it (and the line) in its errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-conll-'));
    const good = join(dir, 'train.conllu');
    writeFileSync(good, `\uFEFF${CONLLU}\n`);
    expect(await readConll(good)).toEqual(parseConll(CONLLU));
    const bad = join(dir, 'bad.conllu');
    writeFileSync(bad, CONLLU.replace(row('2', 'bark', 'bark', 'VERB'), row('2', 'bark')));
    await expect(readConll(bad)).rejects.toThrow(`${bad}, line 14`);
    const missing = join(dir, 'nope.conllu');
    await expect(readConll(missing)).rejects.toThrow(SelectiveKdError);
    await expect(readConll(missing)).rejects.toThrow(`cannot read ${missing}`);
  });
});

import { SelectiveKdError } from '@selective-kd/core';
import { readFile } from 'node:fs/promises';

/** One sentence of a tagged column file: its tokens and their tags, position by position. */
export interface ConllSentence {
  words: string[];
  tags: string[];
}

export interface ReadConllOptions {
  /**
   * `conllu`: Universal Dependencies' 10 tab-separated columns; `conll2003`: a token
   * and its tags in space- or tab-separated columns (CoNLL-2003, WNUT, many NER sets).
   * Default `auto`: CoNLL-U when the first token line has 10 tab-separated columns
   * and a numeric ID, CoNLL-2003 style otherwise.
   */
  format?: 'auto' | 'conllu' | 'conll2003';
  /** 0-based column of the tag. Default 3 (UPOS) for CoNLL-U, the last column for CoNLL-2003 style. */
  tagColumn?: number;
  /** 0-based column of the token. Default 1 (FORM) for CoNLL-U, 0 for CoNLL-2003 style. */
  tokenColumn?: number;
}

const CONLLU_COLUMNS = 10;
const CONLLU_NAMES = ['ID', 'FORM', 'LEMMA', 'UPOS', 'XPOS', 'FEATS', 'HEAD', 'DEPREL', 'DEPS', 'MISC'];

/** Reads a CoNLL-U or CoNLL-2003 style file into sentences; see {@link parseConll}. */
export async function readConll(path: string, options: ReadConllOptions = {}): Promise<ConllSentence[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SelectiveKdError('INVALID_INPUT', `cannot read ${path}: ${(error as Error).message}`);
  }
  return parseConll(text, options, path);
}

/**
 * Parses tagged column text. A blank line ends a sentence. In CoNLL-U, `#`
 * comment lines are skipped, and so are multi-word token ranges (`1-2`: their
 * parts follow as words of their own) and empty nodes (`1.1`: not in the
 * surface text), so the words are exactly the sentence's syntactic tokens. In
 * CoNLL-2003 style, `-DOCSTART-` lines are skipped and every token line must
 * have as many columns as the first. Errors name `source` and the 1-based line.
 */
export function parseConll(text: string, options: ReadConllOptions = {}, source = '<text>'): ConllSentence[] {
  if (typeof text !== 'string') {
    throw new SelectiveKdError('INVALID_INPUT', `${source}: parseConll takes the file's text as a string; got ${text === null ? 'null' : typeof text}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const format = options.format ?? 'auto';
  if (!['auto', 'conllu', 'conll2003'].includes(format)) {
    throw new SelectiveKdError('INVALID_OPTION', `format must be 'auto', 'conllu' or 'conll2003'; got ${JSON.stringify(format)}`);
  }
  const conllu = format === 'conllu' || (format === 'auto' && looksLikeConllu(lines));
  const tokenColumn = columnOption('tokenColumn', options.tokenColumn) ?? (conllu ? 1 : 0);
  // CoNLL-2003 style files differ in their number of columns: the tag column is then each line's last.
  const tagColumn = columnOption('tagColumn', options.tagColumn) ?? (conllu ? 3 : undefined);
  if (tagColumn !== undefined && tagColumn === tokenColumn) {
    throw new SelectiveKdError('INVALID_OPTION', `tagColumn and tokenColumn are both ${tagColumn}; the tag needs a column of its own`);
  }
  const invalid = (line: number, why: string) => new SelectiveKdError('INVALID_INPUT', `${source}, line ${line}: ${why}`);
  const columnName = (column: number) => (conllu ? `${column + 1} (${CONLLU_NAMES[column]})` : `${column + 1}`);

  const sentences: ConllSentence[] = [];
  let current: ConllSentence = { words: [], tags: [] };
  let expectedColumns: number | undefined;
  const endSentence = () => {
    if (current.words.length > 0) sentences.push(current);
    current = { words: [], tags: [] };
  };
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return endSentence();
    if (conllu && raw.startsWith('#')) return;
    // Tab-separated lines keep spaces inside a field; space-separated CoNLL-2003 files have none.
    const fields = conllu || raw.includes('\t') ? raw.split('\t') : raw.trim().split(/ +/);
    if (!conllu && fields[0] === '-DOCSTART-') return endSentence();
    if (conllu) {
      if (fields.length !== CONLLU_COLUMNS) throw invalid(line, `${fields.length} tab-separated columns; a CoNLL-U token line has ${CONLLU_COLUMNS}`);
      if (/^\d+[-.]\d+$/.test(fields[0])) return;
      if (!/^\d+$/.test(fields[0])) throw invalid(line, `the ID column is "${fields[0]}"; expected a word number, a range like 1-2 or an empty node like 1.1`);
    } else {
      expectedColumns ??= fields.length;
      if (fields.length !== expectedColumns) throw invalid(line, `${fields.length} columns where the first token line has ${expectedColumns}`);
    }
    const tagAt = tagColumn ?? fields.length - 1;
    if (tagAt >= fields.length || tagAt === tokenColumn) {
      throw invalid(line, `no tag column ${columnName(tagAt)}: the line has ${fields.length} column(s) and the token is in column ${tokenColumn + 1}`);
    }
    if (tokenColumn >= fields.length) throw invalid(line, `no token column ${columnName(tokenColumn)}: the line has ${fields.length} column(s)`);
    const word = fields[tokenColumn];
    const tag = fields[tagAt];
    if (word === '') throw invalid(line, `the token column ${columnName(tokenColumn)} is empty`);
    if (tag === '') throw invalid(line, `the tag column ${columnName(tagAt)} is empty`);
    // CoNLL-U writes "_" for a field it leaves out: a tag the model would learn as a class of its own.
    if (conllu && tag === '_') throw invalid(line, `the tag column ${columnName(tagAt)} is "_" (not given); choose the column that holds the tags with tagColumn`);
    current.words.push(word);
    current.tags.push(tag);
  });
  endSentence();
  if (sentences.length === 0) {
    throw new SelectiveKdError('EMPTY_INPUT', `${source}, line ${lines.length}: no token lines (${conllu ? 'CoNLL-U' : 'CoNLL-2003 style'}); the file is empty or holds only comments`);
  }
  return sentences;
}

/** CoNLL-U when the first token line (not blank, not a comment) has 10 tab-separated columns and a numeric ID. */
function looksLikeConllu(lines: string[]): boolean {
  const first = lines.find((line) => line.trim() !== '' && !line.startsWith('#'));
  if (first === undefined) return lines.some((line) => line.startsWith('#'));
  const fields = first.split('\t');
  return fields.length === CONLLU_COLUMNS && /^\d+([-.]\d+)?$/.test(fields[0]);
}

function columnOption(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) throw new SelectiveKdError('INVALID_OPTION', `${name} must be a 0-based column number (a whole number ≥ 0); got ${value}`);
  return value;
}

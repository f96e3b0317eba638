import { sentencePieces, type MaskedSentence } from './masked-sentence.js';

export interface TokenMaskTerminalOptions {
  /** ANSI colours (teacher-better tokens on yellow); without, they are [bracketed]. Default true. */
  color?: boolean;
  /** Append each token's tag of this kind as `word/TAG`. Default: no tags. */
  tags?: 'gold' | 'teacher' | 'student';
}

const HIGHLIGHT = '\x1b[30;43m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** The sentence as one line of terminal text with the teacher-better tokens highlighted. */
export function tokenMaskTerminal(sentence: MaskedSentence, { color = true, tags }: TokenMaskTerminalOptions = {}): string {
  return sentencePieces(sentence)
    .map((piece) => {
      if (typeof piece === 'string') return piece.replace(/\s+/g, ' ');
      const word = piece.teacherBetter ? (color ? `${HIGHLIGHT}${piece.token.text}${RESET}` : `[${piece.token.text}]`) : piece.token.text;
      const tag = tags ? piece[tags] : undefined;
      return tag === undefined ? word : `${word}${color ? `${DIM}/${tag}${RESET}` : `/${tag}`}`;
    })
    .join('');
}

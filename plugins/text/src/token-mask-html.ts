import { sentencePieces, type MaskedSentence, type MaskedToken } from './masked-sentence.js';

export interface TokenMaskHtmlOptions {
  /** Page title and heading. Default 'Contrast masks'. */
  title?: string;
  /** A paragraph under the heading (plain text). */
  caption?: string;
}

/**
 * A standalone HTML page of sentences with the teacher-better tokens
 * highlighted; hovering a token shows its gold, teacher and student tags.
 * Tokens the student tags wrongly are underlined.
 */
export function tokenMaskHtml(sentences: readonly MaskedSentence[], { title = 'Contrast masks', caption }: TokenMaskHtmlOptions = {}): string {
  const body = sentences
    .map((sentence) => `<p>${sentencePieces(sentence).map((piece) => (typeof piece === 'string' ? escapeHtml(piece) : tokenSpan(piece))).join('')}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 17px/1.9 Georgia, serif; max-width: 52em; margin: 2em auto; padding: 0 1em; }
.tok { border-radius: 3px; padding: 0 1px; cursor: help; }
.teacher-better { background: #ffd54f; }
.student-wrong { text-decoration: underline wavy #c62828; }
.legend span { margin-right: 1.5em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${caption ? `<p>${escapeHtml(caption)}</p>\n` : ''}<p class="legend"><span class="tok teacher-better">highlighted</span>: the teacher was closer to the gold tag (the student learns from it here) <span class="tok student-wrong">underlined</span>: the student's tag is wrong · hover a word for its tags</p>
${body}
</body>
</html>
`;
}

function tokenSpan(masked: MaskedToken): string {
  const classes = ['tok', ...(masked.teacherBetter ? ['teacher-better'] : [])];
  if (masked.gold !== undefined && masked.student !== undefined && masked.gold !== masked.student) classes.push('student-wrong');
  const tags = (
    [
      ['gold', masked.gold],
      ['teacher', masked.teacher],
      ['student', masked.student],
    ] as const
  )
    .filter(([, tag]) => tag !== undefined)
    .map(([who, tag]) => `${who}: ${tag}`);
  tags.push(masked.teacherBetter ? 'teacher better' : 'student better or tie');
  return `<span class="${classes.join(' ')}" title="${escapeHtml(tags.join(' · '))}">${escapeHtml(masked.token.text)}</span>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

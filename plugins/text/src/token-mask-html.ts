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
.legend { border: 1px solid #bbb; border-radius: 4px; padding: 0.3em 0.8em; }
.legend li { list-style: none; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${caption ? `<p>${escapeHtml(caption)}</p>\n` : ''}${LEGEND}
${body}
</body>
</html>
`;
}

/** Every colour and mark the page uses, with what it says about the token. */
const LEGEND = `<ul class="legend" aria-label="legend">
<li><span class="tok teacher-better">highlighted</span>: the teacher was closer to the gold tag, so the student learns from the teacher here</li>
<li><span class="tok">plain</span>: the student was as close or closer (or the token is not tagged), so only the gold tag teaches it</li>
<li><span class="tok student-wrong">wavy red underline</span>: the student's tag is wrong</li>
<li>hover a word for its gold, teacher and student tags</li>
</ul>`;

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

import { describe, expect, it } from 'vitest';
import type { MaskedSentence } from './masked-sentence.js';
import { tokenMaskHtml } from './token-mask-html.js';
import { tokenMaskTerminal } from './token-mask-terminal.js';
import { tokenize } from './tokenize.js';

const text = 'Tom  ran <fast>.';
const [tom, ran, lt, fast, gt, dot] = tokenize(text);
const sentence: MaskedSentence = {
  text,
  tokens: [
    { token: tom, teacherBetter: true, gold: 'NOUN', teacher: 'NOUN', student: 'VERB' },
    { token: ran, teacherBetter: false, gold: 'VERB', teacher: 'VERB', student: 'VERB' },
    { token: lt, teacherBetter: false },
    { token: fast, teacherBetter: true, gold: 'ADV', teacher: 'ADV', student: 'ADJ' },
    { token: gt, teacherBetter: false },
    { token: dot, teacherBetter: false },
  ],
};

describe('tokenMaskHtml', () => {
  it('highlights teacher-better tokens with their tags on hover, keeping the text between tokens', () => {
    const html = tokenMaskHtml([sentence], { title: 'Masks & more' });
    expect(html).toContain('<title>Masks &#38; more</title>');
    expect(html).toContain(
      '<p><span class="tok teacher-better student-wrong" title="gold: NOUN · teacher: NOUN · student: VERB · teacher better">Tom</span>  ' +
        '<span class="tok" title="gold: VERB · teacher: VERB · student: VERB · student better or tie">ran</span> ' +
        '<span class="tok" title="student better or tie">&#60;</span>',
    );
    expect(html).toContain('student: ADJ · teacher better">fast</span>');
  });

  it('explains every colour and mark it uses in a legend, once, before the sentences', () => {
    const html = tokenMaskHtml([sentence], { caption: 'Brown test sentences' });
    const legend = /<ul class="legend"[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    const items = [...legend.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    expect(items).toEqual([
      'highlighted: the teacher was closer to the gold tag, so the student learns from the teacher here',
      'plain: the student was as close or closer (or the token is not tagged), so only the gold tag teaches it',
      "wavy red underline: the student's tag is wrong",
      'hover a word for its gold, teacher and student tags',
    ]);
    // Each sample in the legend wears the class it explains, styled in the page's CSS.
    for (const cls of ['teacher-better', 'student-wrong']) {
      expect(legend).toContain(`<span class="tok ${cls}">`);
      expect(html).toMatch(new RegExp(`\\.${cls} \\{[^}]+\\}`));
    }
    expect(html.indexOf('class="legend"')).toBeGreaterThan(html.indexOf('Brown test sentences'));
    expect(html.indexOf('class="legend"')).toBeLessThan(html.indexOf('>Tom</span>'));
    expect(html.match(/class="legend"/g)).toHaveLength(1);
  });
});

describe('tokenMaskTerminal', () => {
  it('brackets or colours teacher-better tokens and can append tags', () => {
    expect(tokenMaskTerminal(sentence, { color: false })).toBe('[Tom] ran <[fast]>.');
    expect(tokenMaskTerminal({ text, tokens: sentence.tokens.slice(0, 2) }, { color: false, tags: 'gold' })).toBe('[Tom]/NOUN ran/VERB <fast>.');
    expect(tokenMaskTerminal(sentence)).toContain('\x1b[30;43mTom\x1b[0m');
  });
});

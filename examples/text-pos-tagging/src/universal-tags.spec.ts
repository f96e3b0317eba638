import { expect, it } from 'vitest';
import { toUniversalTag, UNIVERSAL_TAGS } from './universal-tags.js';

it('maps Brown tags, compounds and suffixed tags to the 12 universal tags', () => {
  const cases: [string, string][] = [
    ['at', 'DET'], ['nn-tl', 'NOUN'], ['np-tl', 'NOUN'], ['jj-tl', 'ADJ'], ['nn-hl', 'NOUN'], ['vb-nc', 'VERB'],
    ['np$', 'NOUN'], ['pp$', 'PRON'], ['pp$$', 'PRON'], ['nn$-tl', 'NOUN'],
    ['bedz*', 'VERB'], ['do*', 'VERB'], ['md*', 'VERB'], ['*', 'ADV'],
    ['fw-nn', 'X'], ['fw-in-tl', 'X'], ['fw-at+nn', 'X'],
    ['pps+bez', 'PRON'], ['ppss+md', 'PRON'], ['md*+hv', 'VERB'],
    ['cs', 'ADP'], ['in', 'ADP'], ['ex', 'DET'], ['od', 'ADJ'], ['cd', 'NUM'], ['cc', 'CONJ'],
    ['to', 'PRT'], ['rp', 'PRT'], ['ql', 'ADV'], ['rn', 'ADV'], ['pn', 'NOUN'], ['nr', 'NOUN'],
    ['.', '.'], ['``', '.'], ["''", '.'], ['--', '.'], ['(-hl', '.'], ['uh', 'X'], ['nil', 'X'], ['zz', 'X'],
  ];
  expect(cases.map(([brown]) => [brown, toUniversalTag(brown)])).toEqual(cases);
  expect(UNIVERSAL_TAGS).toHaveLength(12);
});

/**
 * The 12 universal part-of-speech tags of Petrov, Das & McDonald,
 * "A Universal Part-of-Speech Tagset", LREC 2012 (arXiv:1104.2086).
 */
export const UNIVERSAL_TAGS = ['NOUN', 'VERB', 'ADJ', 'ADV', 'PRON', 'DET', 'ADP', 'NUM', 'CONJ', 'PRT', '.', 'X'] as const;

export type UniversalTag = (typeof UNIVERSAL_TAGS)[number];

/**
 * Base Brown tags → universal tags, written from the mapping Petrov et al.
 * publish for the Brown corpus (`en-brown.map` in
 * github.com/slavpetrov/universal-pos-tags, the table NLTK's
 * `tagset='universal'` reads): determiners, articles, quantifiers and
 * existential "there" → DET; subordinating conjunctions and prepositions →
 * ADP (as PTB's IN); ordinals → ADJ; nominal pronouns (everybody) and
 * adverbial nouns (home, today) → NOUN; qualifiers, wh-qualifiers and
 * nominal adverbs (here, then) → ADV; the negator `*` (not, n't) → ADV;
 * infinitival "to" and particles → PRT; foreign words, interjections and
 * untagged tokens → X.
 */
const BASE: Record<string, UniversalTag> = {
  ...fill('.', ['.', ',', ':', '(', ')', '--', "''", '``', "'", '`']),
  ...fill('DET', ['abl', 'abn', 'abx', 'ap', 'at', 'dt', 'dti', 'dts', 'dtx', 'ex', 'wdt']),
  ...fill('VERB', [
    'be', 'bed', 'bedz', 'beg', 'bem', 'ben', 'ber', 'bez',
    'do', 'dod', 'doz', 'hv', 'hvd', 'hvg', 'hvn', 'hvz', 'md',
    'vb', 'vbd', 'vbg', 'vbn', 'vbz',
  ]),
  ...fill('NOUN', ['nn', 'nns', 'np', 'nps', 'nr', 'nrs', 'pn']),
  ...fill('PRON', ['pp', 'ppl', 'ppls', 'ppo', 'pps', 'ppss', 'wp', 'wpo', 'wps']),
  ...fill('ADJ', ['jj', 'jjr', 'jjs', 'jjt', 'od']),
  ...fill('ADV', ['*', 'ql', 'qlp', 'rb', 'rbr', 'rbt', 'rn', 'wql', 'wrb']),
  ...fill('ADP', ['cs', 'in']),
  cc: 'CONJ',
  cd: 'NUM',
  ...fill('PRT', ['rp', 'to']),
  ...fill('X', ['fw', 'uh', 'nil']),
};

/**
 * The universal tag of a Brown tag, by the rules the published mapping
 * follows for compound tags: `fw-` (foreign word) → X whatever follows;
 * the suffixes `-hl` (headline), `-tl` (title), `-nc` (cited word) are
 * dropped; a `$` (possessive: `nn$`, `pp$$`) and a trailing `*` (negated
 * verb: `bedz*`, `do*`) are dropped from the base tag; a contraction's
 * compound (`pps+bez` "it's", `md*+hv`) takes its first part's tag.
 * Unknown tags map to X.
 */
export function toUniversalTag(brownTag: string): UniversalTag {
  let tag = brownTag.toLowerCase();
  if (tag.startsWith('fw-')) return 'X';
  tag = tag.replace(/(-(hl|tl|nc))+$/, '');
  if (BASE[tag]) return BASE[tag];
  tag = tag.split('+')[0];
  if (BASE[tag]) return BASE[tag];
  tag = tag.replace(/\*$/, '').replace(/\$+$/, '');
  return BASE[tag] ?? 'X';
}

function fill(tag: UniversalTag, brown: string[]): Record<string, UniversalTag> {
  return Object.fromEntries(brown.map((b) => [b, tag]));
}

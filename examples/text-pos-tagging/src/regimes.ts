/** The three teacher–student settings the example compares gates in (issue 14). */
export type Regime = 'strong' | 'shifted' | 'weak';

export const REGIMES: readonly Regime[] = ['strong', 'shifted', 'weak'];

/**
 * Which Brown documents a set of texts draws on: `all` genres, the
 * `informative` prose of categories a–j (news, editorials, reviews, religion,
 * skills and hobbies, popular lore, belles lettres, government documents,
 * learned writing) or the `imaginative` prose of k–r (general fiction,
 * mystery, science fiction, adventure, romance, humour). The file name's
 * second letter is the category (`ca01` news … `cr09` humour).
 */
export type Genres = 'all' | 'informative' | 'imaginative';

export interface RegimeDomains {
  /** What the regime's teacher was trained on (the whole train split's documents of these genres). */
  teacher: Genres;
  /** Where the students' train, dev and test documents come from. */
  students: Genres;
}

/**
 * `strong`: a teacher trained on the whole training split, students on a
 * labelled subset of the same kind of text. `shifted`: a teacher trained on
 * informative prose only, students trained and scored on fiction, whose
 * dialogue, pronouns and past-tense narration it rarely saw. `weak`: the
 * strong regime's data with a teacher stopped early (see TEACHERS).
 */
export const REGIME_DOMAINS: Record<Regime, RegimeDomains> = {
  strong: { teacher: 'all', students: 'all' },
  shifted: { teacher: 'informative', students: 'imaginative' },
  weak: { teacher: 'all', students: 'all' },
};

/** Whether a Brown document (by its file name) is of the given genres. */
export function inGenres(documentId: string, genres: Genres): boolean {
  if (genres === 'all') return true;
  const informative = documentId[1] >= 'a' && documentId[1] <= 'j';
  return genres === 'informative' ? informative : !informative;
}

export function isRegime(name: string): name is Regime {
  return (REGIMES as readonly string[]).includes(name);
}

import type { SoundFontName } from './openmsx.js';
import type { TeacherName } from './teacher.js';

export type AudioRegime = 'strong' | 'shifted' | 'weak';
export const AUDIO_REGIMES: readonly AudioRegime[] = ['strong', 'shifted', 'weak'];

/** The SoundFont every teacher is trained on. */
export const TEACHER_SOUNDFONT: SoundFontName = 'timgm6mb';

export interface RegimeSpec {
  /** The shipped teacher the regime's students learn from. */
  teacher: TeacherName;
  /** The SoundFont the students' pieces (labelled subset, dev and test) are rendered through. */
  soundFont: SoundFontName;
}

/**
 * (a) strong: a teacher trained to convergence on all training pieces, students on a labelled subset of them, same SoundFont;
 * (b) shifted: the same teacher, students whose pieces (train, dev and test) are rendered through another SoundFont;
 * (c) weak: the strong regime's data with a teacher trained for one pass.
 */
export const REGIMES: Readonly<Record<AudioRegime, RegimeSpec>> = {
  strong: { teacher: 'strong', soundFont: TEACHER_SOUNDFONT },
  shifted: { teacher: 'strong', soundFont: 'musescore' },
  weak: { teacher: 'weak', soundFont: TEACHER_SOUNDFONT },
};

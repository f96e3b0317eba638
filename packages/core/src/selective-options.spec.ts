import { selectiveKdErrorFrom } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SELECTIVE_OPTIONS, GATES, resolveSelectiveOptions, type SelectiveOptions } from './selective-options.js';

/** The SelectiveKdError `fn` throws; fails the test if it throws nothing or something else. */
/** Options as an untyped caller (plain JavaScript, a parsed config file) might pass them. */
const untyped = (options: Record<string, unknown>) => options as Partial<SelectiveOptions>;

const DEFAULTS: SelectiveOptions = {
  gate: 'loss-compare',
  margin: 0,
  temperature: 1,
  alpha: 1,
  lambda: 1,
  groundTruthScope: 'all',
  normalizer: 'valid',
};

describe('resolveSelectiveOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveSelectiveOptions()).toEqual(DEFAULTS);
    expect(resolveSelectiveOptions({})).toEqual(DEFAULTS);
    expect({ ...DEFAULT_SELECTIVE_OPTIONS }).toEqual(DEFAULTS);
  });

  it('keeps DEFAULT_SELECTIVE_OPTIONS frozen and returns a fresh object each time', () => {
    expect(Object.isFrozen(DEFAULT_SELECTIVE_OPTIONS)).toBe(true);
    const a = resolveSelectiveOptions();
    const b = resolveSelectiveOptions();
    expect(a).not.toBe(DEFAULT_SELECTIVE_OPTIONS);
    expect(a).not.toBe(b);
    a.margin = 5;
    expect(DEFAULT_SELECTIVE_OPTIONS.margin).toBe(0);
    expect(b.margin).toBe(0);
  });

  it('lists the six gates in the documented order', () => {
    expect(GATES).toEqual(['loss-compare', 'teacher-correct', 'soft', 'all', 'none', 'rectified']);
  });

  it('keeps every given value and defaults the rest', () => {
    expect(resolveSelectiveOptions({ gate: 'soft', temperature: 4 })).toEqual({ ...DEFAULTS, gate: 'soft', temperature: 4 });
    const all: SelectiveOptions = {
      gate: 'teacher-correct',
      margin: 0.25,
      temperature: 2,
      alpha: 0.5,
      lambda: 3,
      groundTruthScope: 'student-better',
      normalizer: 'selected',
    };
    expect(resolveSelectiveOptions(all)).toEqual(all);
  });

  it('accepts every gate, scope and normalizer by name', () => {
    for (const gate of GATES) expect(resolveSelectiveOptions({ gate }).gate).toBe(gate);
    for (const groundTruthScope of ['all', 'student-better'] as const) {
      expect(resolveSelectiveOptions({ groundTruthScope }).groundTruthScope).toBe(groundTruthScope);
    }
    for (const normalizer of ['valid', 'selected'] as const) {
      expect(resolveSelectiveOptions({ normalizer }).normalizer).toBe(normalizer);
    }
  });

  it('accepts any finite margin: a negative one widens the loss-compare mask', () => {
    for (const margin of [-0.1, -3, -1e6, 1e6]) expect(resolveSelectiveOptions({ margin }).margin).toBe(margin);
  });

  it('accepts the boundary values margin 0, alpha 0, lambda 0 and a tiny positive temperature', () => {
    expect(resolveSelectiveOptions({ margin: 0, alpha: 0, lambda: 0, temperature: 1e-6 })).toEqual({
      ...DEFAULTS,
      margin: 0,
      alpha: 0,
      lambda: 0,
      temperature: 1e-6,
    });
  });

  it('falls back to the default for every option given as undefined', () => {
    const allUndefined = untyped(Object.fromEntries(Object.keys(DEFAULTS).map((key) => [key, undefined])));
    expect(resolveSelectiveOptions(allUndefined)).toEqual(DEFAULTS);
    expect(resolveSelectiveOptions({ gate: undefined, margin: 0.5, temperature: undefined })).toEqual({
      ...DEFAULTS,
      margin: 0.5,
    });
  });

  describe('refuses bad options with INVALID_OPTION, naming the option and the value', () => {
    it.each(['temprature', 'Gate', 'beta', 'mask'])('unknown key %s', (key) => {
      const error = selectiveKdErrorFrom(() => resolveSelectiveOptions(untyped({ [key]: 1 })));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.name).toBe('SelectiveKdError');
      expect(error.message).toContain(`unknown option '${key}'`);
      // ...and lists what is known.
      expect(error.message).toContain('gate, margin, temperature, alpha, lambda, groundTruthScope, normalizer');
    });

    it('an unknown key even when its value is undefined', () => {
      const error = selectiveKdErrorFrom(() => resolveSelectiveOptions(untyped({ tau: undefined })));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toContain(`unknown option 'tau'`);
    });

    it.each([
      ['gate', 'loss_compare', `gate must be one of 'loss-compare', 'teacher-correct', 'soft', 'all', 'none', 'rectified'; got "loss_compare"`],
      ['gate', 'LOSS-COMPARE', `got "LOSS-COMPARE"`],
      ['gate', '', `gate must be one of`],
      ['groundTruthScope', 'valid', `groundTruthScope must be one of 'all', 'student-better'; got "valid"`],
      ['groundTruthScope', 'student', `got "student"`],
      ['normalizer', 'all', `normalizer must be one of 'valid', 'selected'; got "all"`],
      ['normalizer', 'mask', `got "mask"`],
    ])('%s = %j', (name, value, expected) => {
      const error = selectiveKdErrorFrom(() => resolveSelectiveOptions(untyped({ [name]: value })));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toContain(name);
      expect(error.message).toContain(expected);
    });

    it.each([
      ['temperature', 0, 'temperature must be > 0 and finite; got 0'],
      ['temperature', -2, 'temperature must be > 0 and finite; got -2'],
      ['alpha', -1, 'alpha must be ≥ 0 and finite; got -1'],
      ['alpha', -0.5, 'alpha must be ≥ 0 and finite; got -0.5'],
      ['lambda', -0.5, 'lambda must be ≥ 0 and finite; got -0.5'],
      ['lambda', -3, 'lambda must be ≥ 0 and finite; got -3'],
      ['margin', '1', 'margin must be a finite number; got "1"'],
      ['margin', null, 'margin must be a finite number; got null'],
      ['temperature', '2', 'temperature must be > 0 and finite; got "2"'],
      ['alpha', null, 'alpha must be ≥ 0 and finite; got null'],
    ])('%s = %j', (name, value, expected) => {
      const error = selectiveKdErrorFrom(() => resolveSelectiveOptions(untyped({ [name]: value })));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toBe(expected);
    });

    it.each([
      ['margin', NaN],
      ['margin', Infinity],
      ['margin', -Infinity],
      ['temperature', NaN],
      ['temperature', Infinity],
      ['alpha', NaN],
      ['alpha', Infinity],
      ['lambda', NaN],
      ['lambda', Infinity],
    ])('%s = %s', (name, value) => {
      const error = selectiveKdErrorFrom(() => resolveSelectiveOptions(untyped({ [name]: value })));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toMatch(new RegExp(`^${name} must be ([≥>] 0 and finite|a finite number); got ${value}$`));
    });

    it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('refuses the inherited name %s as an unknown option', (key) => {
      const error = selectiveKdErrorFrom(() => resolveSelectiveOptions(JSON.parse(`{"${key}": 1}`)));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toMatch(new RegExp(`^unknown option '${key}'`));
    });

    it('checks every option, not only the first', () => {
      // gate is valid, so the error must come from the later, bad lambda.
      const error = selectiveKdErrorFrom(() => resolveSelectiveOptions({ gate: 'all', temperature: 2, lambda: -1 }));
      expect(error.message).toContain('lambda');
    });
  });
});

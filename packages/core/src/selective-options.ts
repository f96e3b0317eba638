import { SelectiveKdError } from './selective-kd-error.js';

/**
 * How each unit's distillation weight `m_i` is chosen (see docs/algorithm.md):
 * `loss-compare` where the teacher's loss beats the student's by the margin,
 * `teacher-correct` where the teacher's prediction is right, `soft` weighted by
 * the loss ratio, `all` everywhere, `none` nowhere, `rectified` everywhere
 * towards the teacher's distribution with its errors swapped onto the truth.
 */
export type Gate = 'loss-compare' | 'teacher-correct' | 'soft' | 'all' | 'none' | 'rectified';
/** Where the ground-truth term applies: every valid unit, or only where the student is better. */
export type GroundTruthScope = 'all' | 'student-better';
/** What the distillation sum is divided by: the valid units, or the selected ones. */
export type Normalizer = 'valid' | 'selected';

export interface SelectiveOptions {
  /** Default `'loss-compare'`: follow the teacher where its unit loss is lower by more than `margin`. */
  gate: Gate;
  /**
   * Default 0. With `loss-compare`, the teacher wins a unit only when `dT + margin < dS`.
   * Any finite number: a negative margin widens the mask toward `all`.
   */
  margin: number;
  /** Default 1. Softmax/sigmoid temperature τ of the distillation term. */
  temperature: number;
  /** Default 1. Weight of the ground-truth term. */
  alpha: number;
  /** Default 1. Weight of the distillation term. */
  lambda: number;
  /** Default `'all'`. */
  groundTruthScope: GroundTruthScope;
  /** Default `'valid'`. */
  normalizer: Normalizer;
}

export const GATES: readonly Gate[] = ['loss-compare', 'teacher-correct', 'soft', 'all', 'none', 'rectified'];
const SCOPES: readonly GroundTruthScope[] = ['all', 'student-better'];
const NORMALIZERS: readonly Normalizer[] = ['valid', 'selected'];

export const DEFAULT_SELECTIVE_OPTIONS: Readonly<SelectiveOptions> = Object.freeze({
  gate: 'loss-compare',
  margin: 0,
  temperature: 1,
  alpha: 1,
  lambda: 1,
  groundTruthScope: 'all',
  normalizer: 'valid',
});

/** Fills in defaults and refuses unknown keys and out-of-range values, naming them. */
export function resolveSelectiveOptions(options: Partial<SelectiveOptions> = {}): SelectiveOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_SELECTIVE_OPTIONS, key)) {
      throw invalid(
        `unknown option '${key}'; known options are ${Object.keys(DEFAULT_SELECTIVE_OPTIONS).join(', ')}`,
      );
    }
  }
  const resolved: SelectiveOptions = { ...DEFAULT_SELECTIVE_OPTIONS, ...stripUndefined(options) };
  oneOf('gate', resolved.gate, GATES);
  oneOf('groundTruthScope', resolved.groundTruthScope, SCOPES);
  oneOf('normalizer', resolved.normalizer, NORMALIZERS);
  finiteNumber('margin', resolved.margin);
  finiteNumber('temperature', resolved.temperature, (v) => v > 0, 'must be > 0');
  finiteNumber('alpha', resolved.alpha, (v) => v >= 0, 'must be ≥ 0');
  finiteNumber('lambda', resolved.lambda, (v) => v >= 0, 'must be ≥ 0');
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function oneOf<T>(name: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw invalid(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${JSON.stringify(value)}`);
  }
}

/** Refuses non-numbers, NaN and ±Infinity, and values `ok` rejects (described by `rule`). */
function finiteNumber(name: string, value: unknown, ok: (v: number) => boolean = () => true, rule?: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    const got = typeof value === 'number' ? value : JSON.stringify(value);
    throw invalid(rule ? `${name} ${rule} and finite; got ${got}` : `${name} must be a finite number; got ${got}`);
  }
}

function invalid(message: string): SelectiveKdError {
  return new SelectiveKdError('INVALID_OPTION', message);
}

import type { StudentRun } from '@selective-kd/experiments';
import { describe, expect, it } from 'vitest';
import { atDevThreshold } from './at-dev-threshold.js';

const run = (dev: Record<string, number>, test: Record<string, number>): StudentRun => ({
  regime: 'strong',
  gate: 'all',
  seed: 0,
  settings: {},
  dev,
  test,
  epochs: 3,
  bestEpoch: 1,
  teacherBetterFraction: 1,
  seconds: 1,
});

describe('atDevThreshold', () => {
  it("takes the threshold with the best dev F1 and reads test at it, never at test's own best", () => {
    const out = atDevThreshold(run({ 'f1@0.1': 0.5, 'f1@0.3': 0.62, 'f1@0.5': 0.6 }, { 'f1@0.1': 0.9, 'f1@0.3': 0.55, 'f1@0.5': 0.58 }), [0.1, 0.3, 0.5]);
    expect(out.dev.threshold).toBe(0.3);
    expect(out.dev.f1DevThreshold).toBe(0.62);
    expect(out.test.f1DevThreshold).toBe(0.55);
  });

  it('keeps the higher threshold on a tie, 0.5 first', () => {
    const out = atDevThreshold(run({ 'f1@0.2': 0.6, 'f1@0.5': 0.6 }, { 'f1@0.2': 0.4, 'f1@0.5': 0.5 }), [0.2, 0.5]);
    expect(out.dev.threshold).toBe(0.5);
    expect(out.test.f1DevThreshold).toBe(0.5);
  });
});

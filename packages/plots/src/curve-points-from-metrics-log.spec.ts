import { describe, expect, it } from 'vitest';
import { curvePointsFromHistory } from './curve-points-from-history.js';
import { curvePointsFromMetricsLog, readMetricsLog } from './curve-points-from-metrics-log.js';
import { GROUND_TRUTH_LOG, TEACHER_LOG } from './metrics-log-fixture.spec-helper.js';

const values = (points: { series: string; epoch: number; value: number }[], series: string) => points.filter((p) => p.series === series).map((p) => [p.epoch, p.value]);

describe('curvePointsFromMetricsLog', () => {
  it('reads every series per epoch record (epochs counted from 1), a resumed epoch replacing the interrupted one, steps ignored', () => {
    const points = curvePointsFromMetricsLog(TEACHER_LOG, { run: 'teacher run', monitor: 'meanIoU' });
    expect(new Set(points.map((p) => p.run))).toEqual(new Set(['teacher run']));
    expect(values(points, 'loss')).toEqual([[1, 1.5], [2, 1.25], [3, 1.0]]);
    expect(values(points, 'ground-truth term')).toEqual([[1, 1.0], [2, 0.75], [3, 0.625]]);
    expect(values(points, 'distillation term')).toEqual([[1, 0.5], [2, 0.5], [3, 0.375]]);
    expect(values(points, 'teacher-better share')).toEqual([[1, 0.6], [2, 0.45], [3, 0.4]]);
    expect(values(points, 'dev metric')).toEqual([[1, 0.3], [2, 0.4], [3, 0.5]]);
    expect(points).toHaveLength(15);
  });

  it('draws the validation loss for monitor "loss", and the first validation metric by default', () => {
    expect(values(curvePointsFromMetricsLog(TEACHER_LOG, { monitor: 'loss' }), 'dev metric')).toEqual([[1, 1.2], [2, 1.0], [3, 0.9]]);
    const read = readMetricsLog(TEACHER_LOG);
    expect(read.monitor).toBe('pixelAccuracy');
    expect(read.points[0].run).toBe('run');
    expect(values(read.points, 'dev metric').map(([, v]) => v)).toEqual([0.5, 0.6000000000000001, 0.7]);
  });

  it('takes early stopping\'s monitor by default when the log has one', () => {
    const log = TEACHER_LOG.replace('"millis":5', '"earlyStopping":{"monitor":"meanIoU"},"millis":5');
    expect(readMetricsLog(log).monitor).toBe('meanIoU');
  });

  it('leaves the distillation term and teacher-better share out of a run without a teacher', () => {
    const points = curvePointsFromMetricsLog(GROUND_TRUTH_LOG, { run: 'none' });
    expect([...new Set(points.map((p) => p.series))]).toEqual(['loss', 'ground-truth term', 'dev metric']);
  });

  it('refuses a line that is not JSON, a log without epochs and an unknown monitor, saying which', () => {
    expect(() => curvePointsFromMetricsLog(`${TEACHER_LOG}\n{"type":"epo`)).toThrow(/^metrics log line 11 is not JSON/);
    expect(() => curvePointsFromMetricsLog(TEACHER_LOG.split('\n')[0])).toThrow('the metrics log has no epoch record');
    expect(() => curvePointsFromMetricsLog(TEACHER_LOG, { monitor: 'f1' })).toThrow(`monitor "f1" is not in the log's validation records; they have 'loss', 'pixelAccuracy', 'meanIoU'`);
    expect(() => curvePointsFromMetricsLog('{"type":"epoch","epoch":0,"loss":"x"}')).toThrow("metrics log line 1: the epoch record's loss must be a number; got \"x\"");
  });
});

describe('curvePointsFromHistory', () => {
  const history = [
    { epoch: 0, loss: 2, groundTruthLoss: 1.5, distillLoss: 0.5, teacherBetterFraction: 0.7, dev: 40 },
    { epoch: 1, loss: 1, groundTruthLoss: 0.75, distillLoss: 0.25, teacherBetterFraction: 0.5 },
  ];

  it('gives a point per series per epoch, with the regime, and the dev metric only where there is one', () => {
    const points = curvePointsFromHistory(history, 'all · seed 0', 'noisy');
    expect(points.filter((p) => p.epoch === 0)).toEqual([
      { run: 'all · seed 0', regime: 'noisy', epoch: 0, series: 'loss', value: 2 },
      { run: 'all · seed 0', regime: 'noisy', epoch: 0, series: 'ground-truth term', value: 1.5 },
      { run: 'all · seed 0', regime: 'noisy', epoch: 0, series: 'distillation term', value: 0.5 },
      { run: 'all · seed 0', regime: 'noisy', epoch: 0, series: 'teacher-better share', value: 0.7 },
      { run: 'all · seed 0', regime: 'noisy', epoch: 0, series: 'dev metric', value: 40 },
    ]);
    expect(points.filter((p) => p.epoch === 1).map((p) => p.series)).toEqual(['loss', 'ground-truth term', 'distillation term', 'teacher-better share']);
    expect(curvePointsFromHistory(history, 'r')[0]).not.toHaveProperty('regime');
  });

  it('treats a history with no distillation at all as a run without a teacher, unless told', () => {
    const noTeacher = history.map((e) => ({ ...e, distillLoss: 0, teacherBetterFraction: 0 }));
    expect(curvePointsFromHistory(noTeacher, 'none').map((p) => p.series)).not.toContain('distillation term');
    expect(curvePointsFromHistory(noTeacher, 'x', undefined, true).map((p) => p.series)).toContain('teacher-better share');
  });
});

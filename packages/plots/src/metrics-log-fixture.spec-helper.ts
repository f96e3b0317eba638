/**
 * Small metrics logs in the format core's MetricsLog writes: a run with a
 * teacher that was interrupted during epoch 1 and resumed (epoch 1 appears
 * twice; the later record counts), and a run on the ground truth alone.
 */
const epoch = (e: number, loss: number, gt: number, kd: number, share: number, devLoss: number, miou: number) =>
  JSON.stringify({ type: 'epoch', epoch: e, steps: 2, loss, groundTruthLoss: gt, distillLoss: kd, teacherBetterFraction: share, metrics: {}, validation: { batches: 1, loss: devLoss, metrics: { pixelAccuracy: miou + 0.2, meanIoU: miou } }, millis: 5 });

export const TEACHER_LOG = [
  JSON.stringify({ type: 'train-begin', time: 't', epochs: 3, backend: 'wasm', modality: 'pixel', student: 's', teacher: true, options: { gate: 'loss-compare' } }),
  JSON.stringify({ type: 'step', epoch: 0, step: 0, globalStep: 0, loss: 9, groundTruthLoss: 9, distillLoss: 0, teacherBetterFraction: 0 }),
  epoch(0, 1.5, 1.0, 0.5, 0.6, 1.2, 0.3),
  epoch(1, 99, 99, 99, 0.99, 99, 0.01),
  JSON.stringify({ type: 'train-end', time: 't', stoppedBy: 'error', error: 'killed' }),
  '',
  JSON.stringify({ type: 'train-begin', time: 't', epochs: 3, backend: 'wasm', modality: 'pixel', student: 's', teacher: true, options: { gate: 'loss-compare' }, resumed: { from: 'c', epoch: 1, step: 0, globalStep: 2 } }),
  epoch(1, 1.25, 0.75, 0.5, 0.45, 1.0, 0.4),
  epoch(2, 1.0, 0.625, 0.375, 0.4, 0.9, 0.5),
  JSON.stringify({ type: 'train-end', time: 't', stoppedBy: 'epochs' }),
].join('\n');

export const GROUND_TRUTH_LOG = [
  JSON.stringify({ type: 'train-begin', time: 't', epochs: 2, backend: 'wasm', modality: 'pixel', student: 's', teacher: false, options: { gate: 'none' } }),
  epoch(0, 1.5, 1.5, 0, 0, 1.25, 0.2),
  epoch(1, 1.0, 1.0, 0, 0, 1.125, 0.25),
].join('\n');

import type { DistillerCallbacks, EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';

/** A stream the display writes to; `process.stderr` by default. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * A one-line progress display for `fit` on a terminal: epoch, step, loss,
 * teacher-better fraction and ETA, redrawn in place. Writes nothing when the
 * stream is not a TTY, so logs and CI output stay clean.
 */
export class ProgressDisplay implements DistillerCallbacks {
  private epochs = 1;
  private line = '';

  constructor(private readonly stream: ProgressStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  onTrainBegin(info: TrainBeginInfo): void {
    this.epochs = info.epochs;
  }

  onStepEnd(logs: StepLogs): void {
    if (!this.enabled) return;
    const total = logs.stepsInEpoch;
    const done = logs.step + 1;
    const steps = total === undefined ? `step ${done}` : `step ${done}/${total} ${bar(done / total, 20)}`;
    const eta = total === undefined ? '' : `  ETA ${clock(((total - done) * logs.millis) / 1000)}`;
    this.draw(
      `epoch ${logs.epoch + 1}/${this.epochs}  ${steps}  loss ${logs.loss.toFixed(4)}  ` +
        `teacher-better ${(100 * logs.teacherBetterFraction).toFixed(1)}%${eta}`,
    );
  }

  onEpochEnd(logs: EpochLogs): void {
    if (!this.enabled) return;
    const numbers = (values: Record<string, number>, prefix = '') =>
      Object.entries(values)
        .map(([name, value]) => `${prefix}${name} ${value.toFixed(4)}`)
        .join('  ');
    const validation = logs.validation ? `  ${numbers({ loss: logs.validation.loss, ...logs.validation.metrics }, 'val ')}` : '';
    const best = logs.earlyStopping?.bestEpoch === undefined ? '' : `  best epoch ${logs.earlyStopping.bestEpoch + 1}`;
    this.draw(
      `epoch ${logs.epoch + 1}/${this.epochs}  ${logs.steps} steps  loss ${logs.loss.toFixed(4)}  ` +
        `teacher-better ${(100 * logs.teacherBetterFraction).toFixed(1)}%  ${numbers(logs.metrics)}${validation}${best}  ${clock(logs.millis / 1000)}`,
    );
    this.stream.write('\n');
    this.line = '';
  }

  onTrainEnd(): void {
    if (this.enabled && this.line) this.stream.write('\n');
    this.line = '';
  }

  private draw(text: string): void {
    const width = Math.max((this.stream.columns ?? 100) - 1, 20);
    const fitted = text.length > width ? text.slice(0, width) : text;
    this.stream.write(`\r${fitted.padEnd(this.line.length)}`);
    this.line = fitted;
  }
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'='.repeat(filled)}${' '.repeat(width - filled)}]`;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

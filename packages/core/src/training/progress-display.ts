import { SelectiveKdError } from '../selective-kd-error.js';
import type { DistillerCallbacks, EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';

/** A stream the display writes to; `process.stderr` by default. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressDisplayOptions {
  /** On a stream that is not a TTY: at most one step line per this many seconds within an epoch. Default 10. */
  everySeconds?: number;
  /** The clock in milliseconds, for tests. Default `performance.now`. */
  now?: () => number;
}

/**
 * Progress of `fit`. On a TTY: one line redrawn in place (epoch, step and bar,
 * loss, teacher-better share, ETA), kept as a summary at each epoch's end. On
 * anything else (a pipe, a CI log, a file): plain lines, one per epoch and at
 * most one step line every `everySeconds`, each naming the student, so that
 * the runs of several students in one log can be told apart. The
 * teacher-better share is left out of runs where it means nothing: without a
 * teacher, or with gate 'none'.
 */
export class ProgressDisplay implements DistillerCallbacks {
  private epochs = 1;
  private student = '';
  private showTeacherBetter = true;
  private line = '';
  private lastLineAt = 0;
  private readonly everyMillis: number;
  private readonly now: () => number;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    { everySeconds = 10, now = () => performance.now() }: ProgressDisplayOptions = {},
  ) {
    if (typeof everySeconds !== 'number' || !(everySeconds >= 0)) {
      throw new SelectiveKdError('INVALID_OPTION', `everySeconds must be a number ≥ 0; got ${JSON.stringify(everySeconds)}`);
    }
    this.everyMillis = everySeconds * 1000;
    this.now = now;
  }

  /** Whether lines are redrawn in place (a TTY) rather than written one after another. */
  get inPlace(): boolean {
    return this.stream.isTTY === true;
  }

  onTrainBegin(info: TrainBeginInfo): void {
    this.epochs = info.epochs;
    this.student = info.student;
    this.showTeacherBetter = info.teacher && info.options.gate !== 'none';
    this.lastLineAt = this.now();
  }

  onStepEnd(logs: StepLogs): void {
    const total = logs.stepsInEpoch;
    const done = logs.step + 1;
    const eta = total === undefined ? '' : `  ETA ${clock(((total - done) * logs.millis) / 1000)}`;
    const numbers = `loss ${logs.loss.toFixed(4)}${this.teacherBetter(logs.teacherBetterFraction)}${eta}`;
    if (this.inPlace) {
      const steps = total === undefined ? `step ${done}` : `step ${done}/${total} ${bar(done / total, 20)}`;
      this.draw(`epoch ${logs.epoch + 1}/${this.epochs}  ${steps}  ${numbers}`);
      return;
    }
    if (this.now() - this.lastLineAt < this.everyMillis) return;
    this.writeLine(`epoch ${logs.epoch + 1}/${this.epochs}  step ${total === undefined ? done : `${done}/${total}`}  ${numbers}`);
  }

  onEpochEnd(logs: EpochLogs): void {
    const numbers = (values: Record<string, number>, prefix = '') =>
      Object.entries(values)
        .map(([name, value]) => `${prefix}${name} ${value.toFixed(4)}`)
        .join('  ');
    const validation = logs.validation ? `  ${numbers({ loss: logs.validation.loss, ...logs.validation.metrics }, 'val ')}` : '';
    const best = logs.earlyStopping?.bestEpoch === undefined ? '' : `  best epoch ${logs.earlyStopping.bestEpoch + 1}`;
    const text =
      `epoch ${logs.epoch + 1}/${this.epochs}  ${logs.steps} steps  loss ${logs.loss.toFixed(4)}` +
      `${this.teacherBetter(logs.teacherBetterFraction)}  ${numbers(logs.metrics)}${validation}${best}  ${clock(logs.millis / 1000)}`;
    if (!this.inPlace) {
      this.writeLine(text);
      return;
    }
    this.draw(text);
    this.stream.write('\n');
    this.line = '';
  }

  onTrainEnd(): void {
    if (this.inPlace && this.line) this.stream.write('\n');
    this.line = '';
  }

  private teacherBetter(fraction: number): string {
    return this.showTeacherBetter ? `  teacher-better ${(100 * fraction).toFixed(1)}%` : '';
  }

  /** A whole line for a log: no carriage return, no cut to a width, the student's name first. */
  private writeLine(text: string): void {
    this.stream.write(`${this.student ? `[${this.student}] ` : ''}${text}\n`);
    this.lastLineAt = this.now();
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

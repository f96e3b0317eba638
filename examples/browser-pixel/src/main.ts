// The page: it draws what the training worker sends and passes the buttons on.
import { classColor } from '@selective-kd/pixel';
import type { LiveEvaluation } from './live-training.js';
import type { FromWorker, Picture, PreviewMessage, ToWorker } from './messages.js';
import { pageOptions, type PageOptions } from './page-options.js';
import { GATE_COLORS, plotSvg } from './plot-svg.js';
import { GATE_LABELS, isShownGate, SHOWN_GATES, type ShownGate } from './shown-gates.js';

/**
 * Silence from the worker this long while it trains, or loads, is reported as
 * a failure, never waited out. Loading gets longer: a backend's first run of
 * the teacher compiles its kernels (WebGL through SwiftShader in headless
 * Chromium: about 50 s for the teacher's first batches on a 2-core machine).
 */
const WATCHDOG_MS = { training: 60_000, loading: 180_000 };

type State = 'loading' | 'ready' | 'training' | 'paused' | 'error';

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the page has no ${selector}`);
  return found;
}

const ui = {
  start: element<HTMLButtonElement>('#start'),
  pause: element<HTMLButtonElement>('#pause'),
  nextImage: element<HTMLButtonElement>('#next-image'),
  gateButtons: SHOWN_GATES.map((gate) => element<HTMLButtonElement>(`button[data-gate="${gate}"]`)),
  backend: element<HTMLElement>('#backend'),
  status: element<HTMLElement>('#status'),
  error: element<HTMLElement>('#error'),
  studentGate: element<HTMLElement>('#student-gate'),
  previewCaption: element<HTMLElement>('#preview-caption'),
  legend: element<HTMLElement>('#legend'),
  plot: element<HTMLElement>('#plot'),
  canvases: {
    input: element<HTMLCanvasElement>('canvas#input'),
    truth: element<HTMLCanvasElement>('canvas#truth'),
    teacher: element<HTMLCanvasElement>('canvas#teacher'),
    student: element<HTMLCanvasElement>('canvas#student'),
    mask: element<HTMLCanvasElement>('canvas#mask'),
  },
};

let state: State = 'loading';
let backendName = '';
let shownGate: ShownGate = 'loss-compare';
let imageIndex = 0;
let teacherMeanIoU: number | undefined;
let step = 0;
let stepsPerSecond: number | undefined;
let loadingWhat = 'starting the training worker';
const evaluations: LiveEvaluation[] = [];
let watchdog: ReturnType<typeof setTimeout> | undefined;
let worker: Worker | undefined;

for (const swatch of document.querySelectorAll<HTMLElement>('[data-gate-color]')) {
  swatch.style.background = GATE_COLORS[swatch.dataset.gateColor as ShownGate];
}
drawPlot();

const options = readPageOptions();
if (options) startWorker(options);

/** The query parameters; undefined (and the error shown) when one cannot be used. */
function readPageOptions(): PageOptions | undefined {
  try {
    return pageOptions(location.search);
  } catch (error) {
    fail(errorText(error));
    return undefined;
  }
}

function startWorker({ backend, stopAfter }: PageOptions): void {
  worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    fail(event.message || 'the training worker could not start (its script failed to load)');
  });
  worker.addEventListener('messageerror', () => fail('a message from the training worker could not be read'));
  if (backend) ui.backend.textContent = `Backend: ${backend} (asked for), starting…`;
  // The folder the page is served from, so the built page works under any sub-path.
  const baseUrl = new URL(import.meta.env.BASE_URL, document.baseURI).href;
  send({ type: 'init', baseUrl, backend, stopAfter, shownGate });
  render();
}

function send(message: ToWorker): void {
  worker?.postMessage(message);
}

ui.start.addEventListener('click', () => {
  setState('training');
  send({ type: 'start' });
});
ui.pause.addEventListener('click', () => {
  ui.pause.disabled = true;
  send({ type: 'pause' });
});
ui.nextImage.addEventListener('click', () => send({ type: 'show-image', index: imageIndex + 1 }));
for (const button of ui.gateButtons) {
  button.addEventListener('click', () => {
    const gate = button.dataset.gate;
    if (!isShownGate(gate)) return;
    showGate(gate);
    send({ type: 'show-gate', gate });
  });
}

function onMessage(message: FromWorker): void {
  if (state === 'error') return;
  armWatchdog();
  switch (message.type) {
    case 'loading':
      loadingWhat = message.what;
      break;
    case 'backend':
      backendName = message.backend;
      ui.backend.dataset.backend = message.backend;
      ui.backend.textContent = `Backend: ${message.backend} — ${message.reason}`;
      break;
    case 'ready':
      teacherMeanIoU = message.teacherMeanIoU;
      fillLegend(message.classNames);
      drawPlot();
      loadingWhat = `${message.trainCount} training mosaics, ${message.testCount} test mosaics; teacher test mIoU ${message.teacherMeanIoU.toFixed(3)}`;
      setState('ready');
      if (options?.autostart) ui.start.click();
      break;
    case 'state':
      step = message.step;
      stepsPerSecond = message.stepsPerSecond ?? stepsPerSecond;
      setState(message.state);
      break;
    case 'progress':
      step = message.step;
      stepsPerSecond = message.stepsPerSecond;
      break;
    case 'preview':
      drawPreview(message);
      break;
    case 'evaluation':
      addEvaluation(message);
      break;
    case 'error':
      fail(message.message);
      return;
  }
  render();
}

function setState(next: State): void {
  state = next;
  render();
}

/** The buttons, the status line and its data attributes from the current state. */
function render(): void {
  const loaded = state !== 'loading' && state !== 'error';
  ui.start.disabled = !(state === 'ready' || state === 'paused');
  ui.start.textContent = state === 'paused' ? 'Resume' : 'Start';
  ui.pause.disabled = state !== 'training';
  ui.nextImage.disabled = !loaded;
  for (const button of ui.gateButtons) button.disabled = !loaded;
  ui.status.dataset.state = state;
  ui.status.dataset.step = String(step);
  if (stepsPerSecond !== undefined) ui.status.dataset.stepsPerSecond = stepsPerSecond.toFixed(2);
  const speed = stepsPerSecond !== undefined ? `, ${stepsPerSecond.toFixed(1)} student steps/s` : '';
  ui.status.textContent = {
    loading: `Loading: ${loadingWhat}…`,
    ready: `Ready: ${loadingWhat}. Press Start.`,
    training: `Training: step ${step} of each student${speed}`,
    paused: `Paused at step ${step} of each student${speed}`,
    error: 'Stopped by an error (below).',
  }[state];
  if (state === 'training' || state === 'loading') armWatchdog();
  else disarmWatchdog();
}

function showGate(gate: ShownGate): void {
  shownGate = gate;
  for (const button of ui.gateButtons) button.setAttribute('aria-pressed', String(button.dataset.gate === gate));
}

function drawPreview(preview: PreviewMessage): void {
  // A preview of another gate can still arrive just after the switch; only the shown one is drawn.
  if (preview.gate !== shownGate) return;
  imageIndex = preview.index;
  const { canvases } = ui;
  draw(canvases.input, preview.input);
  draw(canvases.truth, preview.truth);
  draw(canvases.teacher, preview.teacher);
  draw(canvases.student, preview.student);
  draw(canvases.mask, preview.mask);
  ui.studentGate.textContent = preview.gate;
  ui.studentGate.title = GATE_LABELS[preview.gate];
  ui.previewCaption.textContent =
    `Test mosaic ${preview.index + 1} of ${preview.count}, student after ${preview.step} steps: ` +
    `the teacher is better on ${(100 * preview.teacherBetter).toFixed(1)}% of its pixels.`;
}

function draw(canvas: HTMLCanvasElement, picture: Picture): void {
  canvas.width = picture.width;
  canvas.height = picture.height;
  canvas.getContext('2d')!.putImageData(new ImageData(picture.rgba, picture.width, picture.height), 0, 0);
}

function addEvaluation(evaluation: LiveEvaluation): void {
  evaluations.push({ step: evaluation.step, students: evaluation.students });
  drawPlot();
  const first = evaluations[0];
  for (const gate of SHOWN_GATES) {
    const row = element<HTMLElement>(`[data-miou-gate="${gate}"]`);
    const now = evaluation.students[gate];
    row.dataset.first = String(first.students[gate].meanIoU);
    row.dataset.value = String(now.meanIoU);
    row.querySelector('[data-cell="first"]')!.textContent = first.students[gate].meanIoU.toFixed(3);
    row.querySelector('[data-cell="value"]')!.textContent = now.meanIoU.toFixed(3);
    row.querySelector('[data-cell="teacher-better"]')!.textContent = `${(100 * now.teacherBetter).toFixed(1)}%`;
  }
}

function drawPlot(): void {
  ui.plot.innerHTML = plotSvg(evaluations, { teacherMeanIoU });
}

function fillLegend(classNames: readonly string[]): void {
  ui.legend.replaceChildren(
    ...classNames.map((name, k) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = `rgb(${classColor(k).join(',')})`;
      item.append(swatch, name);
      return item;
    }),
  );
}

/** Shows the error with the backend it happened on; training has stopped. */
function fail(message: string): void {
  const where = backendName ? ` (backend ${backendName})` : '';
  ui.error.textContent = `${message}${where}`;
  ui.error.hidden = false;
  ui.error.dataset.backend = backendName;
  console.warn(`selective-kd page: ${message}${where}`);
  setState('error');
  worker?.terminate();
}

function armWatchdog(): void {
  disarmWatchdog();
  const ms = state === 'loading' ? WATCHDOG_MS.loading : WATCHDOG_MS.training;
  watchdog = setTimeout(() => {
    const doing = state === 'loading' ? `while ${loadingWhat}` : `since step ${step}: no training step finished`;
    fail(`the training worker has said nothing for ${ms / 1000} s ${doing}`);
  }, ms);
}

function disarmWatchdog(): void {
  if (watchdog !== undefined) clearTimeout(watchdog);
  watchdog = undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

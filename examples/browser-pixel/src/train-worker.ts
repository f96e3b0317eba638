// The training worker: it owns TensorFlow.js, the teacher and the three
// students, so that training never holds up the page, which only draws.
import { initBackend } from '@selective-kd/core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tfl from '@tensorflow/tfjs-layers';
import { LiveTraining, type LivePreview } from './live-training.js';
import type { FromWorker, PreviewMessage, ToWorker } from './messages.js';
import { loadMosaicAsset } from './mosaic-asset.js';
import { classPicture, greyPicture, maskPicture } from './pictures.js';

/** The wasm files as the bundler emitted them, absolute, since tfjs fetches them from its own script. */
const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': new URL(wasmPlain, import.meta.url).href,
  'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, import.meta.url).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedSimd, import.meta.url).href,
};

let live: LiveTraining | undefined;
/** The backend once one started, so that an error can name it. */
let backend: string | undefined;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}

function fail(error: unknown): void {
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  post({ type: 'error', message, backend });
}

self.addEventListener('error', (event) => fail(event.error ?? event.message));
self.addEventListener('unhandledrejection', (event) => fail(event.reason));
self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch(fail);
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      return init(message);
    case 'start':
      return live?.start();
    case 'pause':
      // Not awaited: the state message says when the pause has landed.
      void live?.pause();
      return;
    case 'show-gate':
      return live?.show(message.gate);
    case 'show-image':
      return live?.showImage(message.index);
  }
}

async function init({ baseUrl, backend: preference, stopAfter, shownGate }: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  post({ type: 'loading', what: preference ? `starting the ${preference} backend` : 'choosing a backend' });
  const choice = await initBackend(preference, { wasmPaths: WASM_PATHS });
  backend = choice.backend;
  post({ type: 'backend', backend: choice.backend, preference: choice.preference, reason: choice.reason });

  post({ type: 'loading', what: 'loading the teacher and the mosaics' });
  const [teacher, mosaics] = await Promise.all([tfl.loadLayersModel(new URL('teacher/model.json', baseUrl).href), loadMosaicAsset(baseUrl)]);
  live = await LiveTraining.create({
    teacher,
    train: mosaics.train,
    test: mosaics.test,
    stopAfter,
    shownGate,
    listener: {
      onLoading: (what) => post({ type: 'loading', what }),
      onState: (state, step, stepsPerSecond) => post({ type: 'state', state, step, stepsPerSecond }),
      onRound: (step, stepsPerSecond) => post({ type: 'progress', step, stepsPerSecond }),
      onPreview: (preview) => postPreview(preview),
      onEvaluation: (evaluation) => post({ type: 'evaluation', ...evaluation }),
      onError: fail,
    },
  });
  // The untrained students' scores: the first point of every curve, the same for all three.
  // Before 'ready', so that a start (autostart) cannot change the students while they are scored.
  post({ type: 'loading', what: 'scoring the untrained students' });
  post({ type: 'evaluation', ...(await live.evaluate()) });
  await live.requestPreview();
  post({
    type: 'ready',
    classNames: mosaics.classNames,
    trainCount: mosaics.train.length,
    testCount: mosaics.test.length,
    teacherMeanIoU: live.teacherMeanIoU,
  });
}

function postPreview(preview: LivePreview): void {
  const { width, height } = preview;
  const message: PreviewMessage = {
    type: 'preview',
    step: preview.step,
    gate: preview.gate,
    index: preview.index,
    count: preview.count,
    input: greyPicture(preview.image, width, height),
    truth: classPicture(preview.truth, width, height),
    teacher: classPicture(preview.teacher, width, height),
    student: classPicture(preview.student, width, height),
    mask: maskPicture(preview.mask, width, height),
    teacherBetter: preview.teacherBetter,
  };
  const pictures = [message.input, message.truth, message.teacher, message.student, message.mask];
  post(message, pictures.map((p) => p.rgba.buffer));
}

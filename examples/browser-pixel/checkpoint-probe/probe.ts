// Trains a tiny pixel student with core's browser build and reports what
// happened in #result, for checkpoint.e2e.spec.ts to compare across page
// loads. `?phase=` says which run this load does:
// - `whole`: three epochs, uninterrupted;
// - `closed`: the same run with checkpoints in IndexedDB, ended by an error
//   at step 5, as a closed tab would end it;
// - `resume`: after a reload, resumes from that checkpoint to the end.
import { initBackend, SelectiveDistiller, type CheckpointInfo, type FitOptions } from '@selective-kd/core';
import { pixelModality } from '@selective-kd/pixel';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const CHECKPOINT = 'checkpoint-probe';
const STEPS = 3;
const CLOSE_AT = 5;

/** A two-layer segmenter of 4×4 images into 3 classes; the same weights on every page load for one `seed`. */
function segmenter(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [4, 4, 1], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.conv2d({ filters: 3, kernelSize: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** STEPS batches of two 4×4 images, labelled by brightness, in an order the epoch and seed shuffle. */
function source({ epoch, seed }: { epoch: number; seed: number }) {
  return Array.from({ length: STEPS }, (_, i) =>
    tf.tidy(() => {
      const k = (i + epoch + seed) % STEPS;
      const inputs = tf.add(tf.mul(tf.reshape(tf.range(0, 32), [2, 4, 4, 1]), (k + 1) / 32), k / 3);
      return { inputs, labels: tf.cast(tf.clipByValue(tf.floor(tf.squeeze(inputs, [3])), 0, 2), 'int32') };
    }),
  );
}

async function run(phase: string): Promise<unknown> {
  const { backend } = await initBackend('cpu');
  const distiller = new SelectiveDistiller({ teacher: segmenter(10), student: segmenter(1), modality: pixelModality(), optimizer: tf.train.adam(0.05) });
  const checkpoints: CheckpointInfo[] = [];
  const options: FitOptions = { epochs: 3, seed: 7, callbacks: [{ onCheckpoint: (info) => void checkpoints.push(info) }] };
  let stopped: string | undefined;
  if (phase === 'closed') {
    options.checkpoint = { dir: CHECKPOINT, everySteps: 2 };
    options.callbacks!.push({ onStepEnd: ({ globalStep }) => { if (globalStep === CLOSE_AT) throw new Error('tab closed'); } });
  } else if (phase === 'resume') {
    options.checkpoint = { dir: CHECKPOINT };
    options.resumeFrom = CHECKPOINT;
  } else if (phase !== 'whole') {
    throw new Error(`unknown phase ${phase}`);
  }
  const result = await distiller.fit(source, options).catch((error: Error) => void (stopped = error.message));
  const weights = distiller.student.getWeights().map((w) => Array.from(w.dataSync()));
  return { backend, stopped, checkpoints, epochs: result?.history.map((e) => e.epoch), weights, tensors: tf.memory().numTensors };
}

const out = document.querySelector<HTMLPreElement>('#result')!;
run(new URLSearchParams(location.search).get('phase') ?? 'whole').then(
  (result) => {
    out.textContent = JSON.stringify(result);
    out.dataset.state = 'done';
  },
  (error: unknown) => {
    out.textContent = String((error as Error)?.stack ?? error);
    out.dataset.state = 'error';
  },
);

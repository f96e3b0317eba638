// Shared by this folder's specs (not a spec itself; `*.spec.*` keeps it out of the package).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers carries the gradient definitions; tfjs-core alone registers none in Node.
import '@tensorflow/tfjs-layers';
import { isTrainingKernel, registerTrainingKernels } from './register-training-kernels.js';
import type { TrainingBackend, TrainingKernel } from './training-kernel.js';

/** Starts the cpu and the wasm backend with the training kernels registered on both; wasm stays active. */
export async function setUpBackends(): Promise<void> {
  // The specs compare against tfjs's own results; its console advice is noise here.
  tf.env().set('PROD', true);
  for (const backendName of ['cpu', 'wasm'] as const) {
    if (!(await tf.setBackend(backendName))) throw new Error(`the '${backendName}' backend failed to initialise`);
    registerTrainingKernels(backendName);
  }
}

/** A tensor's values on the host, to write to any backend. */
export interface HostTensor {
  shape: number[];
  values: Float32Array | Int32Array | Uint8Array;
  dtype: 'float32' | 'int32' | 'bool';
}

/** Deterministic values in [−1, 1) (a Park–Miller generator), so failures reproduce. */
export function randomTensor(shape: number[], seed: number): HostTensor {
  let state = (seed * 7919 + 17) % 2147483647 || 1;
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  for (let i = 0; i < values.length; i++) {
    state = (state * 16807) % 2147483647;
    values[i] = (state / 2147483647) * 2 - 1;
  }
  return { shape, values, dtype: 'float32' };
}

export function int32Tensor(shape: number[], values: number[]): HostTensor {
  return { shape, values: Int32Array.from(values), dtype: 'int32' };
}

/**
 * The backend's own kernel: the one `registerTrainingKernels` kept when it
 * replaced it, or the registered one when nothing was replaced.
 */
export function originalKernel(kernelName: string, backendName: string): tf.KernelConfig {
  const current = tf.getKernel(kernelName, backendName) as tf.KernelConfig | undefined;
  const original = isTrainingKernel(current) ? current.original : current;
  if (!original) throw new Error(`the '${backendName}' backend has no ${kernelName} kernel of its own`);
  return original;
}

/** The kernel currently registered, which must be one of ours. */
export function registeredTrainingKernel(kernelName: string, backendName: TrainingBackend): tf.KernelConfig {
  const current = tf.getKernel(kernelName, backendName) as tf.KernelConfig | undefined;
  if (!isTrainingKernel(current)) throw new Error(`${kernelName} on '${backendName}' is not a training kernel`);
  return current;
}

/**
 * Writes `inputs` to the backend, runs `kernelFunc` below the engine, reads
 * the output and releases everything; `leakedDataIds` counts the data
 * buffers the call left on the backend.
 */
export function callKernel(
  kernelFunc: tf.KernelFunc,
  backendName: string,
  inputs: Record<string, HostTensor>,
  attrs: tf.NamedAttrMap,
): { output: HostTensor; leakedDataIds: number } {
  return withInputs(backendName, inputs, (infos, backend) => {
    const before = backend.numDataIds();
    const result = kernelFunc({ inputs: infos, backend, attrs });
    const out = Array.isArray(result) ? result[0] : result;
    const values = backend.readSync(out.dataId) as HostTensor['values'];
    const copy = { int32: Int32Array, bool: Uint8Array, float32: Float32Array }[out.dtype as HostTensor['dtype']] ?? Float32Array;
    const output: HostTensor = { shape: out.shape, values: copy.from(values), dtype: out.dtype as HostTensor['dtype'] };
    backend.disposeData(out.dataId);
    return { output, leakedDataIds: backend.numDataIds() - before };
  });
}

/** Why `kernel` would hand these arguments to the original, or undefined when its fast path takes them. */
export function fallbackReasonFor(
  kernel: TrainingKernel,
  backendName: string,
  inputs: Record<string, HostTensor>,
  attrs: tf.NamedAttrMap,
): string | undefined {
  return withInputs(backendName, inputs, (infos, backend) => kernel.fallbackReason({ inputs: infos, backend, attrs }));
}

function withInputs<T>(
  backendName: string,
  inputs: Record<string, HostTensor>,
  body: (infos: tf.NamedTensorInfoMap, backend: tf.KernelBackend) => T,
): T {
  const backend = tf.findBackend(backendName);
  if (!backend) throw new Error(`backend '${backendName}' is not initialised`);
  const infos: tf.NamedTensorInfoMap = {};
  for (const [name, { shape, values, dtype }] of Object.entries(inputs)) {
    infos[name] = { dataId: backend.write(values, shape, dtype), shape, dtype };
  }
  try {
    return body(infos, backend);
  } finally {
    for (const info of Object.values(infos)) backend.disposeData(info!.dataId);
  }
}

/** A host tensor as a tf.Tensor on the current backend (for `expectTensorClose`); the caller disposes it. */
export function toTensor({ shape, values, dtype }: HostTensor): tf.Tensor {
  return tf.tensor(values, shape, dtype);
}

/**
 * Runs the registered training kernel for `kernelName` on `backendName` and
 * the cpu backend's original kernel on the same inputs.
 */
export function againstCpuOriginal(
  kernelName: string,
  backendName: TrainingBackend,
  inputs: Record<string, HostTensor>,
  attrs: tf.NamedAttrMap,
): { actual: HostTensor; expected: HostTensor; leakedDataIds: number } {
  const expected = callKernel(originalKernel(kernelName, 'cpu').kernelFunc, 'cpu', inputs, attrs).output;
  const { output, leakedDataIds } = callKernel(registeredTrainingKernel(kernelName, backendName).kernelFunc, backendName, inputs, attrs);
  return { actual: output, expected, leakedDataIds };
}

/** A forward conv the gradient kernels are tested for; `filter` is [fh, fw, in, out] (out = multiplier for depthwise). */
export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
}

/**
 * Strides 1, 2, 3 and unequal; same, valid, numeric and explicit padding;
 * 1×1, square, rectangular and whole-input filters; odd and even sizes;
 * batch 1 and more; one and many channels; a conv1d-shaped input (H = 1).
 */
export const CONV_CASES: readonly ConvCase[] = [
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: [1, 1], pad: 'same' },
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'valid' },
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 2], strides: [2, 2], pad: 'same' },
  { x: [1, 8, 9, 1], filter: [3, 2, 1, 5], strides: [1, 2], pad: 'valid' },
  { x: [3, 9, 7, 2], filter: [1, 1, 2, 3], strides: [2, 2], pad: 'valid' },
  { x: [2, 10, 7, 4], filter: [5, 3, 4, 2], strides: [3, 2], pad: 'same' },
  { x: [2, 6, 6, 2], filter: [2, 2, 2, 3], strides: [2, 2], pad: [[0, 0], [1, 0], [0, 1], [0, 0]] },
  { x: [2, 6, 7, 2], filter: [3, 3, 2, 3], strides: [1, 1], pad: 1 },
  { x: [1, 9, 5, 5], filter: [2, 4, 5, 6], strides: [2, 1], pad: 'same' },
  { x: [4, 4, 4, 6], filter: [4, 4, 6, 1], strides: [1, 1], pad: 'valid' },
  { x: [2, 5, 11, 3], filter: [1, 3, 3, 2], strides: [1, 2], pad: 'same' },
  { x: [2, 1, 12, 3], filter: [1, 5, 3, 4], strides: [1, 3], pad: 'valid' },
  { x: [1, 7, 7, 2], filter: [3, 3, 2, 2], strides: [3, 3], pad: 'same' },
  { x: [2, 6, 6, 1], filter: [2, 2, 1, 2], strides: [2, 2], pad: 'valid' },
];

/** The forward output shape of a case, as a conv (or depthwise conv) computes it. */
export function convOutShape(c: ConvCase, depthwise = false): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, undefined, depthwise).outShape;
}

export function describeCase(c: ConvCase): string {
  return `x [${c.x}] filter [${c.filter}] strides [${c.strides}] pad ${JSON.stringify(c.pad)}`;
}

/** CONV_CASES as depthwise convs with channel multiplier 1 and 2: filter [fh, fw, C, m]. */
export const DEPTHWISE_CASES: readonly ConvCase[] = [1, 2].flatMap((multiplier) =>
  CONV_CASES.map((c) => ({ ...c, filter: [c.filter[0], c.filter[1], c.x[3], multiplier] as ConvCase['filter'] })),
);

/**
 * The examples' strided convs at batch 2 (the pixel teacher's and student's
 * stride-2 encoder convs and conv2dTranspose decoders, the audio models'
 * frequency-strided convs), then strides 2 and 3 × 'same' and 'valid' × filter
 * sizes 1–5 on odd and even inputs with one and several channels, batch 1 and
 * 2, and explicit paddings of up to the filter size, where a phase's conv
 * starts inside dy.
 */
export const STRIDED_CASES: readonly ConvCase[] = [
  { x: [2, 56, 56, 16], filter: [3, 3, 16, 32], strides: [2, 2], pad: 'same' },
  { x: [2, 28, 28, 32], filter: [3, 3, 32, 48], strides: [2, 2], pad: 'same' },
  { x: [2, 28, 28, 8], filter: [3, 3, 8, 16], strides: [2, 2], pad: 'same' },
  { x: [2, 72, 64, 16], filter: [3, 3, 16, 24], strides: [1, 2], pad: 'same' },
  { x: [2, 72, 32, 24], filter: [3, 3, 24, 32], strides: [1, 2], pad: 'same' },
  ...[2, 3].flatMap((stride) =>
    (['same', 'valid'] as const).flatMap((pad) =>
      [1, 2, 3, 4, 5].map((size): ConvCase => {
        const odd = size % 2 === 1;
        const batch = stride === 2 ? 1 : 2;
        return { x: [batch, odd ? 9 : 8, odd ? 8 : 11, odd ? 1 : 3], filter: [size, size, odd ? 1 : 3, odd ? 2 : 1], strides: [stride, stride], pad };
      }),
    ),
  ),
  { x: [2, 7, 6, 2], filter: [5, 2, 2, 3], strides: [3, 2], pad: 'same' },
  { x: [1, 9, 9, 2], filter: [3, 3, 2, 2], strides: [2, 2], pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  { x: [2, 10, 8, 1], filter: [4, 4, 1, 2], strides: [3, 3], pad: 1 },
  { x: [1, 4, 4, 2], filter: [1, 1, 2, 2], strides: [3, 3], pad: 'valid' },
];

import { toFloat16 } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The same model artifacts with every float32 weight stored as float16 (the
 * `quantization` tfjs's loaders decode back to float32): half the bytes, for
 * teachers shipped in the repository. Their logits move by about 1e-3 of
 * their size, so the shipped teacher is scored after this rounding.
 */
export function float16Artifacts(artifacts: tf.io.ModelArtifacts): tf.io.ModelArtifacts {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const parts: Uint8Array[] = [];
  let offset = 0;
  const weightSpecs = specs.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32' || spec.quantization !== undefined) {
      const bytes = size * (spec.quantization === undefined ? 4 : spec.quantization.dtype === 'uint8' ? 1 : 2);
      parts.push(new Uint8Array(data, offset, bytes));
      offset += bytes;
      return spec;
    }
    const values = new Float32Array(data, offset, size);
    parts.push(new Uint8Array(Uint16Array.from(values, toFloat16).buffer));
    offset += 4 * size;
    return { ...spec, quantization: { dtype: 'float16' as const } };
  });
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return { ...artifacts, weightSpecs, weightData: joined.buffer };
}

import * as tf from '@tensorflow/tfjs-core';

const float = new Float32Array(1);
const bits = new Uint32Array(float.buffer);

/**
 * The IEEE half-precision bits nearest to `value` (ties to even), as numpy's
 * `float16` rounds: overflow gives ±Infinity, tiny values become subnormals
 * or a signed zero, NaN stays NaN.
 */
export function float16Bits(value: number): number {
  float[0] = value;
  const x = bits[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // A subnormal half: the 24-bit significand shifted so its unit is 2^-24.
    if (e < -10) return sign;
    return sign | roundShift(mantissa | 0x800000, 14 - e);
  }
  // A carry out of the mantissa moves into the exponent, which is the right result (up to Infinity).
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

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
    parts.push(new Uint8Array(Uint16Array.from(values, float16Bits).buffer));
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

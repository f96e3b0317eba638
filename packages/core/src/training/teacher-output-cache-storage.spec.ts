import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { checkStorage, fromFloat16, rowCodec, toFloat16 } from './teacher-output-cache-storage.js';

/** Encodes `rows` rows of `values` and decodes them again. */
function roundTrip(storage: Parameters<typeof rowCodec>[0], rowShape: number[], values: number[]): Float32Array {
  const codec = rowCodec(storage, rowShape);
  const size = rowShape.reduce((a, b) => a * b, 1);
  const rows = values.length / size;
  const logits = Float32Array.from(values);
  const bytes = new Uint8Array(rows * codec.bytesPerRow);
  for (let row = 0; row < rows; row++) codec.encode(logits, row, bytes, row * codec.bytesPerRow);
  const out = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) codec.decode(bytes, row * codec.bytesPerRow, out, row * size);
  return out;
}

describe('float16 storage', () => {
  it('rounds as numpy float16 does: ties to even, subnormals, overflow, signed zero', () => {
    // np.array(values, dtype=np.float32).astype(np.float16).view(np.uint16)
    const values = [0, -0, 1, -2.5, 0.1, 65504, 65520, 1e5, 6.1e-5, 5.96e-8, 2.98e-8, 2.99e-8, 1e-8, 3.14159265, -0.0001234, 1.0009765625, 1.00048828125, 1.00146484375, Infinity, -Infinity];
    const numpy = [0, 32768, 15360, 49408, 11878, 31743, 31744, 31744, 1023, 1, 0, 1, 0, 16968, 34827, 15361, 15360, 15362, 31744, 64512];
    expect(values.map(toFloat16)).toEqual(numpy);
    expect(toFloat16(NaN) & 0x7c00).toBe(0x7c00);
    expect(toFloat16(NaN) & 0x3ff).not.toBe(0);
  });

  it('encodes known halves exactly, rounding ties to even', () => {
    expect(toFloat16(1)).toBe(0x3c00);
    expect(toFloat16(-2)).toBe(0xc000);
    expect(toFloat16(65504)).toBe(0x7bff);
    expect(toFloat16(2 ** -14)).toBe(0x0400); // smallest normal
    expect(toFloat16(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16(2 ** -26)).toBe(0x0000);
    expect(toFloat16(1 + 2 ** -11)).toBe(0x3c00); // tie, to the even 1.0
    expect(toFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, to the even 1 + 2⁻⁹
    expect(toFloat16(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(toFloat16(Infinity)).toBe(0x7c00);
    expect(Number.isNaN(fromFloat16(toFloat16(NaN)))).toBe(true);
    for (const h of [0x0001, 0x03ff, 0x0400, 0x3555, 0x7bff, 0x8001, 0xbc00]) expect(toFloat16(fromFloat16(h))).toBe(h);
  });

  it('keeps every logit within max(2⁻¹¹·|x|, 2⁻²⁵) and takes half the bytes', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // Logits over many magnitudes, from subnormal halves to 60000.
    const values = Array.from({ length: 4000 }, () => (random() - 0.5) * 2 * 10 ** (random() * 12 - 7.2));
    const out = roundTrip('float16', [40, 100], values);
    let worst = 0;
    values.forEach((x, i) => (worst = Math.max(worst, Math.abs(out[i] - x) / Math.max(2 ** -11 * Math.abs(x), 2 ** -25))));
    expect(worst).toBeLessThanOrEqual(1);
    expect(worst).toBeGreaterThan(0.5); // the bound is tight, not loose
    expect(rowCodec('float16', [40, 100]).bytesPerRow).toBe(8000);
    expect(rowCodec('float16', [3]).bytesPerRow).toBe(8); // records stay 4-byte aligned
  });

  it('refuses logits beyond ±65504', () => {
    expectSelectiveKdError(() => roundTrip('float16', [2], [1, 70000]), 'INVALID_OPTION', 'logit 70000', "'float32'");
  });
});

describe('topK storage', () => {
  const logits = [
    [2, -1, 0.5, 3, -4, 0], // unit 0: keeps classes 3, 0
    [1, 1, 1, 1, 1, 1], // unit 1: ties keep the lower ids 0, 1
    [-3, 8, -2, -2, 7.5, -9], // unit 2: keeps 1, 4
  ];

  it('keeps the k largest logits and fills the rest with log(mean exp of the dropped)', () => {
    const out = roundTrip({ topK: 2 }, [3, 6], logits.flat());
    const expected = logits.map((row) => {
      const kept = row.map((v, c) => [v, c]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 2).map(([, c]) => c);
      const dropped = row.filter((_, c) => !kept.includes(c));
      const fill = Math.log(dropped.reduce((sum, v) => sum + Math.exp(v), 0) / dropped.length);
      return row.map((v, c) => (kept.includes(c) ? v : fill));
    });
    Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i], 5));
  });

  it('keeps the softmax probabilities of the kept classes and the dropped mass exactly', () => {
    const out = Array.from(roundTrip({ topK: 2 }, [3, 6], logits.flat()));
    const softmax = (row: number[]) => {
      const z = row.reduce((s, v) => s + Math.exp(v), 0);
      return row.map((v) => Math.exp(v) / z);
    };
    logits.forEach((row, unit) => {
      const original = softmax(row);
      const restored = softmax(out.slice(unit * 6, unit * 6 + 6));
      original.forEach((p, c) => {
        if (row[c] === out[unit * 6 + c]) expect(restored[c]).toBeCloseTo(p, 6);
      });
      expect(restored.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    });
  });

  it('takes (4·k + 4 + 2·k) bytes per unit and refuses k ≥ C', () => {
    expect(rowCodec({ topK: 2 }, [3, 6]).bytesPerRow).toBe(3 * (8 + 4 + 4));
    expect(rowCodec({ topK: 5 }, [1000, 30000]).bytesPerRow).toBe(1000 * (20 + 4 + 10));
    expectSelectiveKdError(() => rowCodec({ topK: 6 }, [3, 6]), 'INVALID_OPTION', 'keeps all 6 classes');
  });
});

describe('checkStorage', () => {
  it('accepts the three forms and refuses others', () => {
    expect(checkStorage('float16')).toBe('float16');
    expect(checkStorage({ topK: 3 })).toEqual({ topK: 3 });
    expectSelectiveKdError(() => checkStorage({ topK: 0 }), 'INVALID_OPTION', 'storage.topK must be a whole number ≥ 1; got 0');
    expectSelectiveKdError(() => checkStorage('int8'), 'INVALID_OPTION', `storage must be 'float32', 'float16' or { topK: k }; got "int8"`);
  });
});

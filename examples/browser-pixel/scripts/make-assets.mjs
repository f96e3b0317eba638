// Makes the page's two static assets from the pixel example (run: npm run make-assets):
//   public/teacher/  the strong teacher re-saved with float16 weights, checked
//                    against the float32 original on the test mosaics;
//   public/data/mosaics.bin  the students' 64 labelled mosaics and the first 256
//                    test mosaics, exactly as the example's mosaicSplits makes
//                    them (format: src/mosaic-asset.ts).
// Plain .mjs because Node 20 runs no TypeScript; it reads the pixel example
// through its build, so build that first (npx nx build @selective-kd/example-pixel-segmentation).
// Rerunning rewrites both assets byte for byte the same.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { toFloat16 } from '@selective-kd/core';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const EXAMPLE = join(HERE, '..');
const TEACHER_OUT = join(EXAMPLE, 'public', 'teacher');
const DATA_OUT = join(EXAMPLE, 'public', 'data');
const WEIGHTS_FILE = 'model.weights.bin';
const TEST_MOSAICS = 256;
/** Least share of test pixels whose float16 teacher's class must equal the float32 teacher's. */
const MIN_AGREEMENT = 0.999;

// The asset format (src/mosaic-asset.ts documents it; its spec checks this script's output).
const MAGIC = 'SKDM';
const VERSION = 1;
const QUARTER_GREYS = 1020;
/** The pixel example's foreground rule, intensity > (32 + 1/8)/255, in quarter grey levels: q > 128.5 */
const FOREGROUND_ABOVE = 128;

const { ensureFashionMnist, ITEM_NAMES, mosaicSplits, MOSAIC_COUNTS, MOSAIC_SIZE, ITEM_SIZE, TEACHERS_DIR } = await importPixelExampleData();
const TEACHER_IN = join(TEACHERS_DIR, 'strong');

const splits = mosaicSplits(MOSAIC_COUNTS, ensureFashionMnist());
const train = splits.train;
const test = splits.test.slice(0, TEST_MOSAICS);

mkdirSync(DATA_OUT, { recursive: true });
const mosaicsPath = join(DATA_OUT, 'mosaics.bin');
writeFileSync(mosaicsPath, encodeMosaics([{ name: 'train', samples: train }, { name: 'test', samples: test }]));

rmSync(TEACHER_OUT, { recursive: true, force: true }); // no weights file of an earlier format left behind
mkdirSync(TEACHER_OUT, { recursive: true });
const { modelJson, weights } = float16Teacher();
writeFileSync(join(TEACHER_OUT, 'model.json'), modelJson);
writeFileSync(join(TEACHER_OUT, WEIGHTS_FILE), weights);

console.log(`${mosaicsPath}: ${size(mosaicsPath)} bytes (${train.length} train + ${test.length} test mosaics)`);
console.log(`${TEACHER_OUT}: model.json ${size(join(TEACHER_OUT, 'model.json'))} bytes, ${WEIGHTS_FILE} ${size(join(TEACHER_OUT, WEIGHTS_FILE))} bytes`);
await compareTeachers(test);

/** The asset bytes: preamble, JSON header, then per split classes, high bytes and low bits. */
function encodeMosaics(parts) {
  const header = {
    classNames: ['background', ...ITEM_NAMES],
    size: MOSAIC_SIZE,
    cellSize: ITEM_SIZE,
    foregroundAbove: FOREGROUND_ABOVE,
    splits: parts.map(({ name, samples }) => ({ name, count: samples.length })),
  };
  let headerText = JSON.stringify(header);
  headerText += ' '.repeat((4 - (Buffer.byteLength(headerText) % 4)) % 4);
  const headerBytes = Buffer.from(headerText, 'utf8');
  const preamble = Buffer.alloc(12);
  preamble.write(MAGIC, 0, 'latin1');
  preamble.writeUInt32LE(VERSION, 4);
  preamble.writeUInt32LE(headerBytes.length, 8);
  const chunks = [preamble, headerBytes];
  for (const { name, samples } of parts) {
    const encoded = samples.map((sample, m) => encodeMosaic(sample, `${name}-${m}`));
    chunks.push(...encoded.map((e) => e.classes), ...encoded.map((e) => e.high), ...encoded.map((e) => e.low));
  }
  return Buffer.concat(chunks);
}

/** One mosaic's cell classes and 10-bit counts; refuses anything the format would not give back exactly. */
function encodeMosaic(sample, name) {
  if (sample.name !== name || sample.width !== MOSAIC_SIZE || sample.height !== MOSAIC_SIZE || sample.channels !== 1) {
    throw new Error(`${sample.name}: expected ${name}, ${MOSAIC_SIZE}×${MOSAIC_SIZE}×1`);
  }
  const grid = MOSAIC_SIZE / ITEM_SIZE;
  const pixels = MOSAIC_SIZE * MOSAIC_SIZE;
  const classes = new Uint8Array(grid * grid);
  const seen = new Int32Array(grid * grid); // each cell's one foreground label, 0 while none seen
  const high = new Uint8Array(pixels);
  const low = new Uint8Array(pixels / 4);
  for (let at = 0; at < pixels; at++) {
    const value = sample.image[at];
    const q = Math.round(value * QUARTER_GREYS);
    if (!(q >= 0 && q <= QUARTER_GREYS) || Math.fround(q / QUARTER_GREYS) !== value) {
      throw new Error(`${name}: pixel ${at} = ${value} is not a whole number of quarter grey levels`);
    }
    high[at] = q >> 2;
    low[at >> 2] |= (q & 3) << (2 * (at & 3));
    const cell = Math.floor(Math.floor(at / MOSAIC_SIZE) / ITEM_SIZE) * grid + Math.floor((at % MOSAIC_SIZE) / ITEM_SIZE);
    const label = sample.labels[at];
    if ((label !== 0) !== q > FOREGROUND_ABOVE) throw new Error(`${name}: pixel ${at} (q ${q}) has label ${label}, against the foreground rule`);
    if (label === 0) continue;
    if (seen[cell] !== 0 && seen[cell] !== label) throw new Error(`${name}: cell ${cell} holds labels ${seen[cell]} and ${label}`);
    seen[cell] = label;
    // A cell with no foreground keeps class 0: its labels are all background whatever the class.
    classes[cell] = label - 1;
  }
  return { classes, high, low };
}

/** The strong teacher's model.json and weights with every float32 weight stored as float16. */
function float16Teacher() {
  const original = JSON.parse(readFileSync(join(TEACHER_IN, 'model.json'), 'utf8'));
  const specs = original.weightsManifest.flatMap((group) => group.weights);
  const data = Buffer.concat(original.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(join(TEACHER_IN, p)))));
  const values = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const halves = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    halves[i] = toFloat16(values[i]);
    if ((halves[i] & 0x7c00) === 0x7c00) throw new Error(`weight ${i} = ${values[i]} does not fit float16`);
  }
  if (specs.some((spec) => spec.dtype !== 'float32')) throw new Error('the teacher has weights other than float32');
  const weightsManifest = [{ paths: [WEIGHTS_FILE], weights: specs.map((spec) => ({ ...spec, quantization: { dtype: 'float16' } })) }];
  const modelJson = JSON.stringify({ ...original, convertedBy: 'selective-kd examples/browser-pixel/scripts/make-assets.mjs (float16 weights)', weightsManifest });
  // Uint16Array is platform-endian; tfjs reads it the same way, and every machine this runs on is little-endian.
  return { modelJson, weights: Buffer.from(halves.buffer) };
}

/** Loads both teachers the way a browser does (tfjs's http loader) and compares their logits on `samples`. */
async function compareTeachers(samples) {
  await tf.setBackend('wasm');
  const float32 = await tfl.loadLayersModel(tf.io.http('http://teacher.invalid/model.json', { fetchFunc: fileFetch(TEACHER_IN) }));
  const float16 = await tfl.loadLayersModel(tf.io.http('http://teacher.invalid/model.json', { fetchFunc: fileFetch(TEACHER_OUT) }));
  let agree = 0;
  let maxDiff = 0;
  const batch = 64;
  for (let from = 0; from < samples.length; from += batch) {
    const part = samples.slice(from, from + batch);
    const [same, diff] = tf.tidy(() => {
      const x = tf.tensor4d(concat(part.map((s) => s.image)), [part.length, MOSAIC_SIZE, MOSAIC_SIZE, 1]);
      const a = float32.predict(x);
      const b = float16.predict(x);
      return [tf.sum(tf.cast(tf.equal(tf.argMax(a, -1), tf.argMax(b, -1)), 'int32')), tf.max(tf.abs(tf.sub(a, b)))];
    });
    agree += (await same.data())[0];
    maxDiff = Math.max(maxDiff, (await diff.data())[0]);
    tf.dispose([same, diff]);
  }
  float32.dispose();
  float16.dispose();
  const pixels = samples.length * MOSAIC_SIZE * MOSAIC_SIZE;
  console.log(
    `float16 vs float32 teacher on ${samples.length} test mosaics (backend ${tf.getBackend()}): ` +
      `argmax equal on ${agree} of ${pixels} pixels (${((100 * agree) / pixels).toFixed(3)}%), max |logit difference| ${maxDiff.toPrecision(3)}`,
  );
  if (agree < MIN_AGREEMENT * pixels) throw new Error(`the float16 teacher agrees on fewer than ${100 * MIN_AGREEMENT}% of pixels`);
}

/** A fetch that answers every URL with the file of the same name in `dir`. */
function fileFetch(dir) {
  return async (url) => new Response(readFileSync(join(dir, basename(new URL(url).pathname))));
}

function concat(arrays) {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  arrays.reduce((at, a) => (out.set(a, at), at + a.length), 0);
  return out;
}

function size(path) {
  return readFileSync(path).length;
}

async function importPixelExampleData() {
  try {
    return await import('@selective-kd/example-pixel-segmentation/data');
  } catch (error) {
    throw new Error("cannot load the pixel example's data module; build it first: npx nx build @selective-kd/example-pixel-segmentation", { cause: error });
  }
}

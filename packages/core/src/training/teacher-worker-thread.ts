/**
 * The code of the teacher's worker thread, as CommonJS source for
 * `new Worker(code, { eval: true })`: a worker started from a file would need
 * a `.js` file next to this one, which a TypeScript source tree run by vitest
 * or a bundler does not have. It loads tfjs from the absolute paths the main
 * thread resolved (`workerData.paths`: core, cpu backend, wasm backend,
 * layers), sets its own backend, rebuilds the teacher from its saved
 * artifacts and answers each `{ id, inputs }` message with
 * `{ id, values, shape }` (the float32 logits, transferred) or
 * `{ id, error }`. Plain ES2020 without imports, so no transform touches it.
 */
export const TEACHER_WORKER_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const [tf, , , tfl] = workerData.paths.map((path) => require(path));
(async () => {
  await tf.setBackend(workerData.backend);
  await tf.ready();
  const teacher = await tfl.loadLayersModel(tf.io.fromMemory(workerData.artifacts));
  parentPort.on('message', async ({ id, inputs }) => {
    try {
      const xs = inputs.map(({ values, shape, dtype }) => tf.tensor(values, shape, dtype));
      const logits = tf.tidy(() => {
        const out = teacher.predict(xs.length === 1 ? xs[0] : xs);
        if (Array.isArray(out)) throw new Error('the teacher must have exactly one output; it has ' + out.length);
        return out.dtype === 'float32' ? out : tf.cast(out, 'float32');
      });
      tf.dispose(xs);
      const values = await logits.data();
      const shape = logits.shape;
      logits.dispose();
      parentPort.postMessage({ id, values, shape }, [values.buffer]);
    } catch (error) {
      parentPort.postMessage({ id, error: String(error && error.message || error) });
    }
  });
  parentPort.postMessage({ ready: tf.getBackend() });
})().catch((error) => parentPort.postMessage({ failed: String(error && error.message || error) }));
`;

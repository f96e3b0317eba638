/**
 * Resolves in a new task of the event loop, so that messages and timers queued
 * meanwhile run first. On the wasm and cpu backends a training step's awaits
 * resolve as microtasks, so without this a worker would not see the page's
 * "pause" until training ended. A MessageChannel has no 4 ms clamp, unlike a
 * nested setTimeout; Node (the specs) has setImmediate.
 */
export function nextTask(): Promise<void> {
  const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => unknown };
  if (setImmediate) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}

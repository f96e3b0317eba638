/** What the pool sends a worker: its context once, then one job at a time. */
export type ToWorker = { type: 'init'; init: unknown } | { type: 'job'; job: unknown };

/** What a worker sends back: log lines, and per job its result or why it failed. */
export type FromWorker = { type: 'log'; line: string } | { type: 'result'; result: unknown } | { type: 'failed'; reason: string };

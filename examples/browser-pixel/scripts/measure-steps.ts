// Measures the student steps per second the page reaches on each backend
// this machine's headless Chromium offers, and prints a markdown table for
// the README:
//
//   npm run measure -w @selective-kd/example-browser-pixel [-- --steps 60 --backends default,wasm,webgl,webgpu,cpu]
//
// Builds the page, serves it, and opens ?backend=X&autostart=1&stopAfter=N (no
// ?backend= for 'default')
// once per backend, one after another (never two trainings at once).
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { buildPage } from '../src/build-page.spec-helper.js';
import { findChromium } from '../src/find-chromium.spec-helper.js';
import { launchChromium } from '../src/launch-chromium.spec-helper.js';
import { openPage } from '../src/open-page.spec-helper.js';
import { serveFolder } from '../src/serve-folder.spec-helper.js';

// 'default' opens the page without ?backend=, so it makes its own choice.
const BACKENDS = ['default', 'wasm', 'webgl', 'webgpu', 'cpu'] as const;
type Backend = (typeof BACKENDS)[number];
// Three students (gates none, all, loss-compare) take one step each per page step.
const STUDENTS = 3;

interface MeasureOptions {
  /** Steps per student before the page pauses itself. Default 60. */
  steps: number;
  /** Backends to ask the page for, in order. Default all, the page's own choice first. */
  backends: Backend[];
  /** How long one backend may take to load and train before it is reported as timed out. Default 600 s. */
  timeoutSeconds: number;
}

function parseOptions(argv: string[]): MeasureOptions {
  const { values } = parseArgs({
    args: argv,
    options: { steps: { type: 'string', default: '60' }, backends: { type: 'string', default: BACKENDS.join(',') }, timeout: { type: 'string', default: '600' } },
  });
  const steps = Number(values.steps);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive integer, got ${values.steps}`);
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new Error(`--timeout must be a positive number of seconds, got ${values.timeout}`);
  const backends = values.backends.split(',').map((name) => name.trim());
  const unknown = backends.filter((name) => !(BACKENDS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--backends takes ${BACKENDS.join(', ')}; got ${unknown.join(', ')}`);
  return { steps, backends: backends as Backend[], timeoutSeconds };
}

/** One table row. */
interface Row {
  requested: Backend;
  used: string;
  notes: string;
  stepsPerSecond?: number;
  seconds?: number;
  miou?: string;
}

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const browser = findChromium();
  if (!browser.path) throw new Error(browser.reason);

  console.error('building the page…');
  const dist = await buildPage();
  const server = await serveFolder(dist);
  const chromium = await launchChromium(browser.path);
  const rows: Row[] = [];
  try {
    for (const requested of options.backends) {
      console.error(`${requested}: training ${options.steps} steps…`);
      const backend = requested === 'default' ? '' : `backend=${requested}&`;
      const watched = await openPage(chromium.context, `${server.url}?${backend}autostart=1&stopAfter=${options.steps}`);
      const { page } = watched;
      const row: Row = { requested, used: '', notes: '' };
      try {
        await watched.waitForState(['paused'], options.timeoutSeconds * 1000);
        const status = page.locator('#status');
        const stepsPerSecond = Number(await status.getAttribute('data-steps-per-second'));
        row.stepsPerSecond = stepsPerSecond;
        // The page's own training time: total student steps over its steps per second.
        row.seconds = (STUDENTS * Number(await status.getAttribute('data-step'))) / stepsPerSecond;
        const mious = [];
        for (const gate of ['none', 'all', 'loss-compare']) {
          const element = page.locator(`[data-miou-gate="${gate}"]`);
          mious.push(`${Number(await element.getAttribute('data-first')).toFixed(3)} → ${Number(await element.getAttribute('data-value')).toFixed(3)}`);
        }
        row.miou = mious.join(' / ');
      } catch (error) {
        // The page's own message when it reported one, else what went wrong waiting (a timeout).
        const step = await page.locator('#status').getAttribute('data-step').catch(() => null);
        const said = clean(await page.locator('#error').textContent().catch(() => null));
        row.notes = `failed at step ${step ?? '?'}: ${said || clean((error as Error).message.split('\n')[0])}`;
      }
      row.used = clean(await page.locator('#backend').getAttribute('data-backend').catch(() => null)) || '(none)';
      const said = clean(await page.locator('#backend').textContent().catch(() => null));
      row.notes = [said, row.notes, ...watched.errors.map(clean)].filter(Boolean).join('; ');
      rows.push(row);
      await page.close();
    }
  } finally {
    await chromium.close();
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  }

  const cpu = cpus();
  console.log(
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}; Node ${process.version}; Chromium ${chromium.version} headless, WebGL through SwiftShader (--use-angle=swiftshader); ${options.steps} steps per student, ${STUDENTS} students.\n`,
  );
  console.log(`| \`?backend=\` | backend used | the page's reason / notes | student steps/s | seconds for ${options.steps} steps | test mIoU first → at step ${options.steps} (none / all / loss-compare) |`);
  console.log('|---|---|---|---:|---:|---|');
  for (const row of rows) {
    const sps = row.stepsPerSecond === undefined ? '—' : row.stepsPerSecond.toFixed(2);
    const seconds = row.seconds === undefined ? '—' : row.seconds.toFixed(1);
    console.log(`| ${row.requested === 'default' ? '(none: the page chooses)' : row.requested} | ${row.used} | ${row.notes} | ${sps} | ${seconds} | ${row.miou ?? '—'} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

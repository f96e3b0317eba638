import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from './decode-png.spec-helper.js';
import { TEACHER_LOG } from './metrics-log-fixture.spec-helper.js';
import { plotMetricsLog } from './plot-metrics-log.js';

const dir = mkdtempSync(join(tmpdir(), 'plots-metrics-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plotMetricsLog', () => {
  it('writes the training-curve figure of a metrics log as SVG and PNG, the run named after its folder', async () => {
    mkdirSync(join(dir, 'my-run'));
    const log = join(dir, 'my-run', 'metrics.jsonl');
    writeFileSync(log, TEACHER_LOG);
    const out = await plotMetricsLog(log, join(dir, 'figures', 'curves'), { monitor: 'meanIoU', title: 'my curves' });
    expect(out).toEqual({ svg: join(dir, 'figures', 'curves.svg'), png: join(dir, 'figures', 'curves.png') });
    const svg = readFileSync(out.svg, 'utf8');
    for (const text of ['my curves', 'training loss', 'dev meanIoU', 'epoch', 'run', 'my-run']) expect(svg).toContain(`>${text}</text>`);
    const png = decodePng(readFileSync(out.png));
    expect(png.width).toBe(Math.ceil(new Resvg(svg).width * 2));
    expect(png.pixels.some((v) => v < 128)).toBe(true);
    const byDefault = await plotMetricsLog(log, join(dir, 'default'));
    expect(readFileSync(byDefault.svg, 'utf8')).toContain(`>training curves: ${log}</text>`);
  });

  it('names a log it cannot read', async () => {
    await expect(plotMetricsLog(join(dir, 'missing.jsonl'), join(dir, 'x'))).rejects.toThrow(`cannot read the metrics log ${join(dir, 'missing.jsonl')}`);
  });
});

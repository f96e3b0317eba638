import { expect, it } from 'vitest';
import { gateRecord } from './gate-record.js';
import { protocolReport } from './protocol-report.js';
import { REPORT, runs } from './report-fixtures.spec-helper.js';

it('scores a gate in every (modality, regime) cell against the better baseline there by its paired interval', () => {
  const teachers = { strong: { dev: {}, test: {} }, weak: { dev: {}, test: {} }, shifted: { dev: {}, test: {} } };
  const pixel = protocolReport(
    {
      runs: [
        // vanilla is the better baseline; rectified − vanilla = +1.33 [-0.10, 2.77]: a tie.
        ...runs('strong', { none: [0.5, 0.52, 0.54], all: [0.53, 0.54, 0.58], rectified: [0.55, 0.55, 0.59] }),
        // ground truth only is; rectified − it = +0.00 [-2.48, 2.48]: a tie.
        ...runs('weak', { none: [0.4, 0.4, 0.4], all: [0.3, 0.3, 0.3], rectified: [0.41, 0.39, 0.4] }),
      ],
    },
    teachers,
    REPORT,
  );
  const text = protocolReport(
    {
      runs: [
        // rectified − ground truth only = +3.00 [0.52, 5.48]: a win.
        ...runs('shifted', { none: [0.5, 0.52, 0.54], all: [0.4, 0.4, 0.4], rectified: [0.53, 0.54, 0.58] }),
        // rectified − vanilla = -3.00 [-5.48, -0.52]: a loss.
        ...runs('strong', { none: [0.4, 0.4, 0.4], all: [0.53, 0.54, 0.58], rectified: [0.5, 0.52, 0.54] }),
        // no rectified student here: left out.
        ...runs('weak', { none: [0.4, 0.4, 0.4], all: [0.3, 0.3, 0.3] }),
      ],
    },
    teachers,
    { ...REPORT, modality: 'text' },
  );
  const record = gateRecord([pixel, text], 'rectified', 'units');
  expect(record.cells.map((c) => [c.modality, c.regime, c.baseline, c.outcome])).toEqual([
    ['pixel', 'strong', 'all', 'tie'],
    ['pixel', 'weak', 'none', 'tie'],
    ['text', 'shifted', 'none', 'win'],
    ['text', 'strong', 'all', 'loss'],
  ]);
  expect(record).toMatchObject({ wins: 1, ties: 2, losses: 1 });
  expect(record.markdown.split('\n')).toEqual([
    '| modality | regime | better baseline | rectified teacher − baseline (points) | record |',
    '|---|---|---|---|---|',
    '| pixel | strong | vanilla KD (all units) | +1.33 ± 0.58 (3/0/0) [-0.10, 2.77] | tie |',
    '| pixel | weak | ground truth only | +0.00 ± 1.00 (1/1/1) [-2.48, 2.48] | tie |',
    '| text | shifted | ground truth only | +3.00 ± 1.00 (3/0/0) [0.52, 5.48] | win |',
    '| text | strong | vanilla KD (all units) | -3.00 ± 1.00 (0/0/3) [-5.48, -0.52] | loss |',
    '',
    'rectified teacher against the better baseline in 4 cells: 1 win, 2 ties, 1 loss (a win or loss only where the paired 95% interval excludes 0).',
  ]);
});

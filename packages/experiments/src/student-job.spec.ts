import { expect, it } from 'vitest';
import { jobName, studentJobs } from './student-job.js';

it('lists every gate of every seed, seeds outermost, and names each job for its file', () => {
  const jobs = studentJobs({ seeds: [3, 1], gates: ['none', 'loss-compare'] });
  expect(jobs).toEqual([
    { gate: 'none', seed: 3 },
    { gate: 'loss-compare', seed: 3 },
    { gate: 'none', seed: 1 },
    { gate: 'loss-compare', seed: 1 },
  ]);
  expect(jobs.map(jobName)).toEqual(['none-seed3', 'loss-compare-seed3', 'none-seed1', 'loss-compare-seed1']);
});

import { beforeAll } from 'vitest';
import { setUpBackends } from './kernel-harness.spec-helper.js';
import { describeResizeGrad } from './resize-grad.spec-helper.js';
import { resizeNearestNeighborGrad } from './resize-nearest-neighbor-grad.js';

beforeAll(setUpBackends);

describeResizeGrad('nearest', resizeNearestNeighborGrad);

export { expectNoTensorLeak, tensorCountsAcross, type LeakCheckOptions } from './expect-no-tensor-leak.js';
export { expectTensorClose, type ClosenessOptions } from './expect-tensor-close.js';
export { testModality, type TestModalityOptions } from './test-modality.js';
export { pluginContractSuite, type PluginContractOptions } from './plugin-contract-suite.js';
export { expectSelectiveKdError, selectiveKdErrorFrom, selectiveKdRejection } from './expect-selective-kd-error.js';
export { expectSeededModel, type SeededModel } from './expect-seeded-model.js';
export { countRandomClassBatches, type ClassCounts } from './count-random-class-batches.js';

export { runCli, EXIT } from './run-cli.js';
export type { CliIo } from './cli-io.js';
export { checkConfig } from './config/check-config.js';
export { readConfig } from './config/read-config.js';
export type {
  AudioModalityConfig,
  DataConfig,
  DistillConfig,
  ModalityConfig,
  ModelStudentConfig,
  NamedStudentConfig,
  PixelModalityConfig,
  StudentConfig,
  TextModalityConfig,
  TrainingConfig,
} from './config/distill-config.js';
export { TRAINING_DEFAULTS } from './config/distill-config.js';
export { ARCHITECTURES, type ShapeOf } from './architectures/architectures.js';
export type { Architecture, AudioShape, PixelShape, SizeOption, TextShape } from './architectures/architecture.js';
export { UsageError } from './usage-error.js';
export { writeExampleData, type ExampleDataSummary, type WriteExampleDataOptions } from './example-data/write-example-data.js';

/** The three splits every walk-through data set comes in, in the order they are generated. */
export const EXAMPLE_SPLITS = ['train', 'dev', 'test'] as const;

export type ExampleSplit = (typeof EXAMPLE_SPLITS)[number];

/** One count per split. */
export type SplitCounts = Record<ExampleSplit, number>;

import type { SegmentationSample } from '@selective-kd/pixel';
import { loadFashionMnist } from './fashion-mnist.js';
import { makeMosaics, type ItemRange } from './mosaics.js';
import { halveItems } from './small-items.js';

/** How many mosaics each split holds. */
export interface MosaicCounts {
  /** The teachers' training mosaics. */
  teacherMosaics: number;
  /** The students' labelled subset: the first this many of the teachers' mosaics. */
  labelledMosaics: number;
  devMosaics: number;
  testMosaics: number;
}

export interface MosaicSplits {
  teacherTrain: SegmentationSample[];
  /** The students' training data: a labelled subset of `teacherTrain`. */
  train: SegmentationSample[];
  dev: SegmentationSample[];
  test: SegmentationSample[];
}

/**
 * Fashion-MNIST's train split gives the training items (its first 50 000) and
 * the dev items (its last 10 000, never trained on); its test split gives the
 * test items. Dev and test mosaics thus hold items no model has seen.
 */
const TRAIN_ITEMS: ItemRange = { from: 0, to: 50_000 };
const DEV_ITEMS: ItemRange = { from: 50_000, to: 60_000 };
const SEEDS = { train: 1234, dev: 4321, test: 5678 };

/** The clean mosaics of every split, the same in every process. */
export function mosaicSplits(counts: MosaicCounts, dataDir: string): MosaicSplits {
  const trainItems = halveItems(loadFashionMnist('train', dataDir));
  const testItems = halveItems(loadFashionMnist('test', dataDir));
  const teacherTrain = makeMosaics(trainItems, TRAIN_ITEMS, counts.teacherMosaics, SEEDS.train, 'train');
  return {
    teacherTrain,
    train: teacherTrain.slice(0, counts.labelledMosaics),
    dev: makeMosaics(trainItems, DEV_ITEMS, counts.devMosaics, SEEDS.dev, 'dev'),
    test: makeMosaics(testItems, { from: 0, to: testItems.count }, counts.testMosaics, SEEDS.test, 'test'),
  };
}

/**
 * The split sizes of every run, quick and full, and of the shipped teachers:
 * the students' labelled subset is 64 of the teachers' 2000 mosaics (3.2%),
 * small enough that a student converges in seconds on one wasm core and that
 * its data, not its size, limits it.
 */
export const MOSAIC_COUNTS: MosaicCounts = { teacherMosaics: 2000, labelledMosaics: 64, devMosaics: 200, testMosaics: 500 };

// What other examples read of this one's data in Node: the Fashion-MNIST
// items, the mosaic splits every run uses, and the folder of shipped teachers.
export { ensureFashionMnist, FASHION_MNIST_DIR, ITEM_NAMES, missingFashionMnist } from './fashion-mnist.js';
export { MOSAIC_COUNTS, mosaicSplits } from './mosaic-splits.js';
export { MOSAIC_CLASSES, MOSAIC_SIZE } from './mosaics.js';
export { ITEM_SIZE } from './small-items.js';
export { TEACHERS_DIR } from './teacher.js';

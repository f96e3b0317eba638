import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Where Debian's `dataset-fashion-mnist` puts the gzipped IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
const PACKAGE = 'dataset-fashion-mnist';

/** One split of Fashion-MNIST: 28×28 grey images (0–255) and their item classes (0–9). */
export interface FashionMnist {
  count: number;
  images: Uint8Array;
  classes: Uint8Array;
}

export const ITEM_NAMES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
] as const;

const FILES = {
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
} as const;

/**
 * Makes sure the Debian package is installed: installs it with apt-get when
 * running as root on a machine with apt, and otherwise says exactly what to
 * run. Nothing is downloaded from anywhere but the distribution's archive.
 */
export function ensureFashionMnist(dir = FASHION_MNIST_DIR, log: (line: string) => void = console.log): string {
  if (hasAllFiles(dir)) return dir;
  const canInstall = dir === FASHION_MNIST_DIR && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(
      `Fashion-MNIST is not in ${dir}. Install Debian's package first: sudo apt-get update && sudo apt-get install ${PACKAGE}`,
    );
  }
  log(`installing Debian package ${PACKAGE} (Fashion-MNIST, 30 MB)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]) => execFileSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    apt(['install', '-y', '-qq', PACKAGE]);
  } catch {
    apt(['update', '-qq']); // a fresh machine may not have the package lists yet
    apt(['install', '-y', '-qq', PACKAGE]);
  }
  if (!hasAllFiles(dir)) throw new Error(`${PACKAGE} installed but ${dir} lacks its IDX files`);
  return dir;
}

/** Reads one split from the gzipped IDX files. */
export function loadFashionMnist(split: 'train' | 'test', dir = FASHION_MNIST_DIR): FashionMnist {
  const [imageFile, labelFile] = FILES[split];
  const images = readIdx(join(dir, imageFile), 0x00000803, [28, 28]);
  const classes = readIdx(join(dir, labelFile), 0x00000801, []);
  if (images.count !== classes.count) {
    throw new Error(`${split}: ${images.count} images but ${classes.count} labels`);
  }
  return { count: images.count, images: images.data, classes: classes.data };
}

/**
 * Why the Fashion-MNIST files are not usable in `dir`, or `undefined` when
 * they are: what a spec prints when it skips, so it never installs anything.
 */
export function missingFashionMnist(dir = FASHION_MNIST_DIR): string | undefined {
  if (hasAllFiles(dir)) return undefined;
  return `Fashion-MNIST is not in ${dir} (Debian package ${PACKAGE}; .ci/run installs it as root)`;
}

function hasAllFiles(dir: string): boolean {
  return Object.values(FILES).flat().every((file) => existsSync(join(dir, file)));
}

/** An IDX file of unsigned bytes: magic, item count, the item dimensions, then the data. */
function readIdx(path: string, magic: number, itemShape: number[]): { count: number; data: Uint8Array } {
  const bytes = gunzipSync(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`${path}: not an IDX file of the expected kind`);
  const count = view.getUint32(4);
  itemShape.forEach((size, i) => {
    if (view.getUint32(8 + 4 * i) !== size) throw new Error(`${path}: items are not ${itemShape.join('×')}`);
  });
  const header = 8 + 4 * itemShape.length;
  const itemSize = itemShape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + count * itemSize) throw new Error(`${path}: truncated`);
  return { count, data: bytes.subarray(header) };
}

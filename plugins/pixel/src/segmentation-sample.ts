/** One image and its per-pixel labels, ready to batch. */
export interface SegmentationSample {
  /** File name without extension, shared by the image and its label file. */
  name: string;
  width: number;
  height: number;
  channels: 1 | 3;
  /** Row-major `[H, W, channels]` values in [0, 1]. */
  image: Float32Array;
  /** Row-major `[H, W]` class indices (or the ignore label). */
  labels: Int32Array;
}

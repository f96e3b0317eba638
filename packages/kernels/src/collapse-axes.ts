/** A walk over an output in memory order, and where each operand's element lies at every step. */
export interface StridedWalk {
  /** Sizes of the walk's axes, outermost first; never empty (a scalar walk is `[1]`). */
  shape: number[];
  /** Per operand, its element stride along each axis of `shape` (0 where it is broadcast). */
  strides: number[][];
}

/**
 * The same walk over as few axes as possible: axes of size 1 are dropped and
 * an axis merges into the next inner one wherever every operand steps over
 * it as over one longer axis (stride = inner stride × inner size), so a
 * broadcast of [B, H, W, C] against [B, H, W, 1] becomes [B·H·W, C] with
 * strides [C, 1] and [1, 0], and one of equal shapes a single axis.
 */
export function collapseAxes({ shape, strides }: StridedWalk): StridedWalk {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let axis = 0; axis < shape.length; axis++) {
    if (shape[axis] === 1) continue;
    const last = outShape.length - 1;
    const merges =
      last >= 0 && strides.every((operand, i) => outStrides[i][last] === operand[axis] * shape[axis]);
    if (merges) {
      outShape[last] *= shape[axis];
      strides.forEach((operand, i) => (outStrides[i][last] = operand[axis]));
    } else {
      outShape.push(shape[axis]);
      strides.forEach((operand, i) => outStrides[i].push(operand[axis]));
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outStrides };
}

/** The element strides of a row-major tensor of `shape` read as one of `outShape` (right-aligned, 0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let i = 1; i <= shape.length; i++) {
    const size = shape[shape.length - i];
    if (size !== 1) strides[outShape.length - i] = stride;
    stride *= size;
  }
  return strides;
}

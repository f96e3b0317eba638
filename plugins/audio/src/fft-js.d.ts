// fft.js 4.0 ships no types; this is the part of its API the plugin uses.
declare module 'fft.js' {
  type Numbers = number[] | Float64Array | Float32Array;
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    /** An interleaved complex array [re0, im0, re1, im1, …] of `size` complex values. */
    createComplexArray(): number[];
    /** FFT of a real input; fills the first size/2 + 1 complex values of `output`. */
    realTransform(output: Numbers, input: Numbers): void;
    completeSpectrum(spectrum: Numbers): void;
  }
}

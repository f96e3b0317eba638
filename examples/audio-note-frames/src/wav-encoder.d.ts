// wav-encoder 1.3 ships no types; this is the part of its API the example uses.
declare module 'wav-encoder' {
  export interface AudioData {
    sampleRate: number;
    channelData: Float32Array[];
  }
  export interface EncodeOptions {
    bitDepth?: 8 | 16 | 24 | 32;
    float?: boolean;
  }
  export function encode(audioData: AudioData, options?: EncodeOptions): Promise<ArrayBuffer>;
  const wavEncoder: { encode: typeof encode };
  export default wavEncoder;
}

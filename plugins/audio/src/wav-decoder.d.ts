// wav-decoder 1.3 ships no types; this is the part of its API the plugin uses.
declare module 'wav-decoder' {
  export interface DecodedWav {
    sampleRate: number;
    length: number;
    numberOfChannels: number;
    channelData: Float32Array[];
  }
  export interface DecodeOptions {
    /** Map signed integer PCM symmetrically onto [-1, 1]. */
    symmetric?: boolean;
  }
  export const decode: {
    (buffer: ArrayBuffer | Uint8Array, options?: DecodeOptions): Promise<DecodedWav>;
    sync(buffer: ArrayBuffer | Uint8Array, options?: DecodeOptions): DecodedWav;
  };
}

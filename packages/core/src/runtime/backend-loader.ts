/** Every backend `initBackend` knows; which of them a platform offers is its `BACKEND_ORDER`. */
export type BackendPreference = 'node-gpu' | 'node' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface InitBackendOptions {
  /**
   * Where the wasm backend finds its `.wasm` files: a URL prefix, or a map from
   * file name (`tfjs-backend-wasm-simd.wasm`, `tfjs-backend-wasm-threaded-simd.wasm`,
   * `tfjs-backend-wasm.wasm`) to URL. A browser page built with a bundler needs
   * it (the files are not beside the bundle); Node finds them in the package.
   */
  wasmPaths?: string | Record<string, string>;
}

export interface BackendLoader {
  /** The package that brings the backend, for install hints. */
  package: string;
  /** Whether the package is an optional peer of core that the user installs on purpose. */
  optionalPeer: boolean;
  /** When installing it makes sense, for the hint (a CUDA build is useless without CUDA). */
  installWhen?: string;
  /** The name tfjs registers the backend under. */
  registeredAs: string;
  /** Imports the package for the side effect of registering the backend. */
  load(options: InitBackendOptions): Promise<unknown>;
  /** How the backend runs once active (threads, SIMD), for the reason `initBackend` gives. */
  describe?(): Promise<string>;
}

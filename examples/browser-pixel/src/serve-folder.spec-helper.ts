import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** A running static server; `close` stops it. */
export interface FolderServer {
  /** Base URL ending in `/`, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close(): Promise<void>;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  // tfjs-backend-wasm compiles with WebAssembly.instantiateStreaming, which
  // refuses any other type.
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/**
 * Cross-origin isolation, so the page gets SharedArrayBuffer and the wasm
 * backend can use its threaded build, as it would behind a server set up
 * the way the README says.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-store',
};

/**
 * Serves `folder` (a built page) on 127.0.0.1 at a free port: GET/HEAD only,
 * `index.html` for a directory, 404 for anything missing or outside it.
 */
export async function serveFolder(folder: string): Promise<FolderServer> {
  const root = resolve(folder);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(root, pathname));
    const inside = file === root || file.startsWith(root + sep);
    if (inside && statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = join(file, 'index.html');
    const stats = inside ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, ISOLATION_HEADERS).end();
    } else if (!stats?.isFile()) {
      response.writeHead(404, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain' }).end(`not found: ${pathname}`);
    } else {
      response.writeHead(200, {
        ...ISOLATION_HEADERS,
        'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': stats.size,
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}

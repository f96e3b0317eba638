import { inflateSync } from 'node:zlib';

/**
 * A small PNG decoder for specs (8-bit RGBA or RGB, not interlaced — what
 * resvg writes): checks the signature and chunk layout, inflates the IDAT
 * data and undoes the row filters, so a PNG that does not decode fails here.
 */
export function decodePng(png: Uint8Array): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const bytes = Buffer.from(png);
  if (!bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))) throw new Error('not a PNG: bad signature');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | undefined;
  const idat: Buffer[] = [];
  for (;;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8], colourType: data[9], interlace: data[12] };
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
    if (type === 'IEND') break;
    if (offset >= bytes.length) throw new Error('PNG ends without IEND');
  }
  if (!header || header.bitDepth !== 8 || header.interlace !== 0 || ![2, 6].includes(header.colourType)) throw new Error(`unsupported PNG header ${JSON.stringify(header)}`);
  const { width, height } = header;
  const channels = header.colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes; ${height} rows of ${stride + 1} expected`);
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`unknown PNG row filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

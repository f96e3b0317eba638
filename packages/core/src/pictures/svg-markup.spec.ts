import { describe, expect, it } from 'vitest';
import { escapeXml, pngDataUri, pngSize, svgText } from './svg-markup.js';

// The first 24 bytes of a PNG: signature, IHDR length and type, width 300 and height 2 (big-endian).
const PNG_HEAD = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 1, 44, 0, 0, 0, 2]);

describe('svg markup', () => {
  it('escapes the characters XML gives a meaning', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&#60;b &#38; &#34;c&#34; &#39;d&#39;&#62;');
  });

  it('writes a text element with size, weight and anchor only where they differ from the defaults', () => {
    expect(svgText(1, 2, 'C4')).toBe('<text x="1" y="2" font-size="12">C4</text>');
    expect(svgText(1, 2, 'a<b', { size: 10, bold: true, anchor: 'middle' })).toBe(
      '<text x="1" y="2" font-size="10" font-weight="bold" text-anchor="middle">a&#60;b</text>',
    );
  });

  it('reads width and height from the IHDR chunk, also of a view into a larger buffer', () => {
    expect(pngSize(PNG_HEAD)).toEqual({ width: 300, height: 2 });
    const padded = new Uint8Array(30);
    padded.set(PNG_HEAD, 6);
    expect(pngSize(padded.subarray(6))).toEqual({ width: 300, height: 2 });
  });

  it('encodes the bytes as a base64 data URI, also past one 32 KiB chunk', () => {
    expect(pngDataUri(PNG_HEAD)).toBe(`data:image/png;base64,${Buffer.from(PNG_HEAD).toString('base64')}`);
    const large = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    expect(pngDataUri(large)).toBe(`data:image/png;base64,${Buffer.from(large).toString('base64')}`);
  });
});

/**
 * Small pieces of SVG markup the plugins' labelled pictures share. Plain
 * strings, no DOM and no Buffer, so they work in a browser as in Node.
 */

export interface SvgTextOptions {
  /** Font size in SVG units. Default 12. */
  size?: number;
  bold?: boolean;
  /** Which end of the text sits at `x`. Default 'start'. */
  anchor?: 'start' | 'middle' | 'end';
}

/** A `<text>` element at (x, y) with `content` escaped; the font family comes from the enclosing SVG. */
export function svgText(x: number, y: number, content: string, { size = 12, bold = false, anchor = 'start' }: SvgTextOptions = {}): string {
  return `<text x="${x}" y="${y}" font-size="${size}"${bold ? ' font-weight="bold"' : ''}${anchor === 'start' ? '' : ` text-anchor="${anchor}"`}>${escapeXml(content)}</text>`;
}

/** The text with the five characters XML gives a meaning escaped. */
export function escapeXml(content: string): string {
  return content.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Width and height from a PNG's IHDR chunk (big-endian at bytes 16 and 20). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A data: URI of the PNG, for an SVG `<image href>`; btoa exists in browsers and Node ≥ 16. */
export function pngDataUri(png: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

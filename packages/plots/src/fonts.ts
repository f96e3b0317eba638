import { fileURLToPath } from 'node:url';

/** The font every figure names; the package ships it, so text looks the same on any machine. */
export const FONT_FAMILY = 'DejaVu Sans';

/**
 * Absolute paths of the shipped font files. `../fonts/` is beside both `src/`
 * and `dist/`, so this resolves from the sources under vitest and from the build.
 */
export function fontFiles(): string[] {
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => fileURLToPath(new URL(`../fonts/${file}`, import.meta.url)));
}

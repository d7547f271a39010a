/**
 * The CJK font every document embeds: Noto Sans SC, as the npm package
 * @expo-google-fonts/noto-sans-sc ships it (a TrueType file per weight). Installing the app
 * installs the font; no system font and no manual step is needed.
 *
 * Resolved with createRequire from this module's own URL: from source that finds the package in
 * packages/documents/node_modules, and from the API bundle (apps/api/dist/server.js, where this
 * file is inlined) in apps/api/node_modules, which lists the font for that reason (ADR 005).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

export const cjkFontFiles = {
  regular: `${FONT_PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`,
  bold: `${FONT_PACKAGE}/700Bold/NotoSansSC_700Bold.ttf`,
} as const;

export type FontWeight = keyof typeof cjkFontFiles;

/** The font file's path on disk; throws naming the package when it is not installed. */
export function cjkFontPath(weight: FontWeight): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(cjkFontFiles[weight]);
  } catch (error) {
    throw new Error(`中文字体缺失: 找不到 ${cjkFontFiles[weight]}，请安装依赖 ${FONT_PACKAGE}`, {
      cause: error,
    });
  }
}

// Each weight is a 10 MB file: read once per process, not once per document.
const loaded = new Map<FontWeight, Buffer>();

/** The font file's bytes (read once, then kept). */
export function cjkFont(weight: FontWeight): Buffer {
  let bytes = loaded.get(weight);
  if (!bytes) {
    bytes = readFileSync(cjkFontPath(weight));
    loaded.set(weight, bytes);
  }
  return bytes;
}

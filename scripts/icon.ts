/**
 * Writes media/icon.png, the extension's icon on the Marketplace and in VS
 * Code's Extensions view (which take PNG, not SVG), from media/icon.svg: the
 * SVG drawn at 128×128 on a transparent background by headless Chromium, the
 * browser the end-to-end suites drive. `npm run icon` writes it; the PNG is
 * committed, so neither the build nor the tests need a browser for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/e2e/browser';

const ROOT = path.resolve(__dirname, '..');
/** The drawing the icon comes from (also the diagram panel's tab icon). */
export const ICON_SVG_PATH = path.join(ROOT, 'media', 'icon.svg');
/** The icon package.json's `icon` names. */
export const ICON_PNG_PATH = path.join(ROOT, 'media', 'icon.png');
/** The Marketplace's size for an extension icon, in pixels. */
export const ICON_SIZE = 128;

async function main(): Promise<void> {
  const svg = fs.readFileSync(ICON_SVG_PATH);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: ICON_SIZE, height: ICON_SIZE }, deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
    await page.setContent(`<body style="margin:0"><img src="${src}" width="${ICON_SIZE}" height="${ICON_SIZE}" style="display:block"></body>`);
    await page.locator('img').evaluate('(img) => img.decode()');
    fs.writeFileSync(ICON_PNG_PATH, await page.screenshot({ omitBackground: true }));
  } finally {
    await browser.close();
  }
  console.log(`wrote ${path.relative(ROOT, ICON_PNG_PATH)} (${ICON_SIZE}×${ICON_SIZE}) from ${path.relative(ROOT, ICON_SVG_PATH)}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

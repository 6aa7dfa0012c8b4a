// Renders images/icon.svg to images/icon.png (256×256, transparent corners), the
// extension's icon: VS Code and vsce take no SVG icon. Uses the headless chromium
// the e2e tests use (scripts/setup-e2e.sh installs it; MOT_E2E_CHROMIUM names another).
//
//   node scripts/render-icon.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 256;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'images', 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.MOT_E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${SIZE}px;height:${SIZE}px}</style>${svg}`);
  await page.locator('svg').screenshot({ path: join(root, 'images', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log(`images/icon.png: ${SIZE}×${SIZE} from images/icon.svg`);

// Bundles the end-to-end suite (test/e2e/suite) into CommonJS under dist/test/e2e/,
// which the extension host loads with require(): index.js (the mocha runner, with
// mocha bundled in, since mocha 12 is an ES module) and one *.e2e.js per suite file.
// `vscode` stays external: the extension host provides it.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = join(root, 'test', 'e2e', 'suite');
const outdir = join(root, 'dist', 'test', 'e2e');

const entryPoints = readdirSync(suiteDir)
  .filter((name) => name === 'index.ts' || name.endsWith('.e2e.ts'))
  .map((name) => join(suiteDir, name));

// A suite file deleted from the source must not keep running from a stale bundle.
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
// The repo's package.json says "type": "module"; this keeps dist/ CommonJS (as
// scripts/build.mjs does) even when only this script has run.
writeFileSync(join(root, 'dist', 'package.json'), '{ "type": "commonjs" }\n');

await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Mocha's parallel mode resolves its worker files at run time; the suite runs
  // serially in the extension host, so those paths are never needed.
  logOverride: { 'require-resolve-not-external': 'silent' },
  external: ['vscode'],
});
console.log(`e2e suite bundled: ${entryPoints.length} entries -> ${outdir}`);

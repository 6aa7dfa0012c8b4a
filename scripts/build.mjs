// Bundles the client, the language server and the CLI into CommonJS files under dist/.
// unified/remark are ESM-only while VS Code loads extensions with require(), so
// everything the extension runs is bundled; dist/package.json marks the folder CommonJS.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');

// fdir (under tinyglobby) tries an optional require('picomatch') from node_modules
// at load time, for a glob feature tinyglobby never uses. A bundle must load
// nothing from outside itself, so that require is removed.
const noOptionalRequires = {
  name: 'no-optional-requires',
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const stripped = source.replace(/__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/, '');
      if (stripped === source) throw new Error(`fdir changed: the optional picomatch require was not found in ${args.path}`);
      return { contents: stripped, loader: 'js' };
    });
  },
};

// What `mot-lint --cache` knows a build by: the sources and the locked dependencies. A rebuild of
// changed code under the same version number must not reuse results of the old code.
function sourceHash() {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  walk(join(root, 'server/src'));
  hash.update(readFileSync(join(root, 'package-lock.json')));
  return hash.digest('hex').slice(0, 12);
}

const common = {
  plugins: [noOptionalRequires],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !minify,
  minify,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
  // Some ESM dependencies read import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__mot_import_meta_url', MOT_BUILD_ID: JSON.stringify(sourceHash()) },
  banner: { js: "var __mot_import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

const entries = [
  { entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'client.js') },
  { entryPoints: [join(root, 'server/src/server.ts')], outfile: join(dist, 'server.js') },
  { entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(dist, 'cli.js') },
  { entryPoints: [join(root, 'server/src/cli/mot.ts')], outfile: join(dist, 'mot.js') },
  // The CLI's analysis threads: a bundle of their own, without the CLI's options, globs and formats.
  { entryPoints: [join(root, 'server/src/cli/worker.ts')], outfile: join(dist, 'cli-worker.js') },
];

const { existsSync } = await import('node:fs');
for (const entry of entries) {
  if (!existsSync(entry.entryPoints[0])) continue;
  await build({ ...common, ...entry });
}
if (watch) console.log('watch mode is not supported; rerun npm run build');

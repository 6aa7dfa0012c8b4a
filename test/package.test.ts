/**
 * What the .vsix carries, as `vsce ls` lists it with the options of
 * `npm run package`: what a user's VS Code reads (the manifest and its
 * translations, the bundles, snippets, grammar, schema, l10n, the rule pages
 * a diagnostic links to), the user README with the pictures it shows, the
 * icon, the changelog and the licence; nothing a user does not need (no
 * sources, tests, source maps, the CLI bundle or the developers' README).
 * The user README's rule table and settings table follow the manifest.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { RULES } from '../server/src/core/index.js';
import { ensureBundle } from './bundle.js';
import { ROOT } from './helpers.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The `--readme-path` of the package script: the README the .vsix shows. */
function packagedReadme(): string {
  const script: string = manifest.scripts.package;
  const path = /--readme-path\s+(\S+)/.exec(script)?.[1];
  assert.ok(path, `npm run package passes no --readme-path: ${script}`);
  return path;
}

/** The files `vsce ls` would put in the .vsix, with the package script's README. */
function packagedFiles(): string[] {
  ensureBundle();
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies', '--readme-path', packagedReadme()], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `vsce ls failed:\n${r.stdout}${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

/** Relative link and image targets of a Markdown text, without their #fragment. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  return [...withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.replace(/#.*$/, ''));
}

describe('the packaged extension (.vsix)', function () {
  // vsce starts in about a second; a stale dist/ is rebuilt first.
  this.timeout(60000);
  let files: string[];
  before(() => {
    files = packagedFiles();
  });

  it('holds exactly what a user needs', () => {
    const l10n = readdirSync(join(ROOT, 'l10n')).filter((f) => f.endsWith('.json')).map((f) => `l10n/${f}`);
    const expected = [
      'package.json',
      'package.nls.json',
      'package.nls.zh-cn.json',
      packagedReadme(),
      'CHANGELOG.md',
      'LICENSE',
      manifest.icon,
      ...manifest.contributes.viewsContainers.activitybar.map((c: { icon: string }) => normalize(c.icon)),
      'docs/images/diagnostics.png',
      'docs/images/hover.png',
      'dist/client.js',
      'dist/server.js',
      'dist/package.json',
      ...manifest.contributes.snippets.map((s: { path: string }) => normalize(s.path)),
      ...manifest.contributes.grammars.map((g: { path: string }) => normalize(g.path)),
      ...manifest.contributes.jsonValidation.map((j: { url: string }) => normalize(j.url)),
      ...l10n,
      ...RULES.map((r) => `docs/rules/${r.id}.md`),
    ].sort();
    assert.deepEqual(files, expected);
  });

  it('runs from what it carries: the entry point and the server bundle', () => {
    assert.ok(files.includes(normalize(manifest.main)), manifest.main);
    assert.ok(files.includes('dist/server.js'));
    assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts')), 'source maps or sources in the package');
  });

  it('shows the user README, not the developers one', () => {
    assert.notEqual(packagedReadme(), 'README.md');
    assert.ok(!files.includes('README.md'));
    // The generated table's markers name npm run generate; they do not show.
    const readme = readFileSync(join(ROOT, packagedReadme()), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    assert.ok(readme.length < 16000, `the user README is ${readme.length} characters`);
    assert.doesNotMatch(readme, /npm (install|test|run)|CONTRIBUTING|server\/src/, 'the user README speaks of development');
  });

  it('has an icon: a PNG of at least 128×128 pixels', () => {
    const png = readFileSync(join(ROOT, manifest.icon));
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${manifest.icon} is not a PNG`);
    // IHDR: width and height, big-endian, right after the signature and the chunk header.
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width >= 128 && width === height, `${manifest.icon} is ${width}×${height}`);
    assert.ok(png.length < 64 * 1024, `${manifest.icon} is ${png.length} bytes`);
  });

  it('resolves every link and picture of the user README, the changelog and the rule pages inside the package', () => {
    const broken: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.md'))) {
      for (const target of relativeLinks(readFileSync(join(ROOT, file), 'utf8'))) {
        const inPackage = normalize(join(dirname(file), decodeURIComponent(target)));
        if (!files.includes(inPackage)) broken.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('documents every setting and command of the manifest in the user README, with its default', () => {
    const readme = readFileSync(join(ROOT, packagedReadme()), 'utf8');
    const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const rows = new Map([...readme.matchAll(/^\| `(mot\.[\w.]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]));
    const settings = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual([...rows.keys()].sort(), Object.keys(settings).sort());
    // A string default is written as it is typed (`auto`), an empty one and any other value as JSON (`""`, `{}`).
    const written = (v: unknown) => (typeof v === 'string' && v ? v : JSON.stringify(v));
    for (const [key, setting] of Object.entries(settings)) assert.equal(rows.get(key), written(setting.default), key);
    // A command no menu shows and the palette hides is only a link's target (the timeline's "open this call"): users never see its name.
    const menus = manifest.contributes.menus as Record<string, { command: string; when?: string }[]>;
    const internal = (id: string) =>
      menus.commandPalette?.some((m) => m.command === id && m.when === 'false') && !Object.entries(menus).some(([where, list]) => where !== 'commandPalette' && list.some((m) => m.command === id));
    for (const command of manifest.contributes.commands as { command: string; title: string; category: string }[]) {
      if (internal(command.command)) continue;
      const title = command.title.replace(/^%(.+)%$/, (_, key: string) => nls[key]);
      assert.ok(readme.includes(`**${command.category}: ${title}**`), `command ${title} is not in the user README`);
    }
  });
});

describe('the README links', () => {
  it('resolve in the repository, the specification included', () => {
    const broken: string[] = [];
    for (const file of ['README.md', 'docs/decisions.md', 'docs/rules/README.md', 'CHANGELOG.md', packagedReadme()]) {
      for (const target of relativeLinks(readFileSync(join(ROOT, file), 'utf8'))) {
        if (!existsSync(join(ROOT, dirname(file), decodeURIComponent(target)))) broken.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('docs/format.md is the product specification as shared with the course (../shared/FORMAT.md when it is there)', () => {
    const format = readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8');
    assert.match(format, /^## The rules/m);
    const shared = join(ROOT, '..', 'shared', 'FORMAT.md');
    if (existsSync(shared)) assert.equal(format, readFileSync(shared, 'utf8'), 'docs/format.md differs from ../shared/FORMAT.md: copy it again');
  });
});

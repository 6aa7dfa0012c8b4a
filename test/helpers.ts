import { readdirSync, readFileSync, statSync } from 'node:fs';
import { analyze } from '../server/src/core/index.js';
import { ConfigResolver } from '../server/src/node/configFiles.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every file below `dir` whose name ends with `suffix`, sorted. */
export function listFiles(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

/**
 * Marks a cursor in a test text: returns the text without `|` at the marker and
 * the marker's offset.
 */
export function cursor(marked: string, marker = '|'): { text: string; offset: number } {
  const offset = marked.indexOf(marker);
  if (offset < 0) throw new Error('no cursor marker in test text');
  return { text: marked.slice(0, offset) + marked.slice(offset + marker.length), offset };
}

/** The date fixtures are linted against, so overdue checks are repeatable. */
export const FIXTURE_TODAY = '2026-06-15';

const EXPECT = /<!--\s*expect:\s*([^>]*?)\s*-->/g;

/** The expected findings of a fixture: "line:rule" keys, 1-based lines. */
export function expectedFindings(text: string): string[] {
  const out: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    for (const m of line.matchAll(EXPECT)) {
      for (const id of m[1].split(/[\s,]+/).filter(Boolean)) out.push(`${i + 1}:${id}`);
    }
  });
  return out.sort();
}

/** Lints a fixture the way the generic test does. */
export function lintFixture(file: string) {
  const resolver = new ConfigResolver({ defaultRoot: ROOT });
  const resolved = resolver.resolve(file);
  const text = readFileSync(file, 'utf8');
  return analyze(text, { path: file, rootDir: resolved.rootDir, config: resolved.config, today: FIXTURE_TODAY });
}


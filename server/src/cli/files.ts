import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { describeFsError } from '../node/configFiles.js';
import { IGNORED_FOLDERS as IGNORED, markdownFilesUnder } from '../node/noteFiles.js';

export { decodeNote, readNote, type NoteText } from '../node/noteFiles.js';

/**
 * Expands files, folders and globs into display paths (relative to `cwd`,
 * `/`-separated) in a stable order: arguments in the order given, the
 * matches of each sorted. Reports a path that does not exist or a glob that
 * matches nothing through `fail`.
 */
export async function expandPaths(args: string[], cwd: string, fail: (message: string) => void): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (display: string) => {
    const key = resolve(cwd, display);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(display);
  };
  for (const arg of args) {
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch (error) {
      if (isDynamicPattern(arg)) {
        const matches = await glob(arg, { cwd, ignore: IGNORED, dot: true, followSymbolicLinks: false });
        if (!matches.length) fail(`${arg}: no files match this glob`);
        for (const m of matches.sort()) add(m);
      } else fail(`${arg}: ${describeFsError(error)}`);
      continue;
    }
    if (stat.isDirectory()) {
      const base = resolve(cwd, arg);
      for (const m of await markdownFilesUnder(base)) add(displayPath(cwd, join(base, m)));
    } else add(displayPath(cwd, resolve(cwd, arg)));
  }
  return out;
}

/** A path as shown: relative to `cwd` when inside it, absolute otherwise, `/`-separated. */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return shown.split(sep).join('/');
}

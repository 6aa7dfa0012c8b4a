import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { describeFsError } from '../node/configFiles.js';

/** Folders never searched: dependencies and version control. */
const IGNORED = ['**/node_modules/**', '**/.git/**'];

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
      const matches = await glob('**/*.{md,markdown}', { cwd: base, ignore: IGNORED, dot: true, followSymbolicLinks: false });
      for (const m of matches.sort()) add(displayPath(cwd, join(base, m)));
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

/** A note's text, and whether it started with a byte order mark (which `--fix` writes back). */
export interface NoteText {
  text: string;
  bom: boolean;
}

/** Reads a note as UTF-8; reports binary, non-UTF-8 and unreadable files through `fail` and returns null for them. */
export function readNote(abs: string, display: string, fail: (message: string) => void): NoteText | null {
  let bytes: Buffer;
  try {
    // A FIFO would block the read forever, a device like /dev/zero never end.
    if (!statSync(abs).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    bytes = readFileSync(abs);
  } catch (error) {
    fail(`${display}: cannot read (${describeFsError(error)})`);
    return null;
  }
  return decodeNote(bytes, display, fail);
}

/** Decodes the bytes of a note (a file or standard input) as UTF-8; null, reported through `fail`, for binary or non-UTF-8 bytes. */
export function decodeNote(bytes: Buffer, display: string, fail: (message: string) => void): NoteText | null {
  if (bytes.subarray(0, 8000).includes(0)) {
    fail(`${display}: looks like a binary file (it contains NUL bytes); skipped`);
    return null;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    const bom = text.charCodeAt(0) === 0xfeff;
    return { text: bom ? text.slice(1) : text, bom };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const lines = before.split(/\r\n|\r|\n/);
    fail(`${display}:${lines.length}:${lines[lines.length - 1].length + 1}: not valid UTF-8 (byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}); save the file as UTF-8`);
    return null;
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] ?? 0) >> 6 !== 2) return i;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((b === 0xe0 && bytes[i + 1] < 0xa0) || (b === 0xed && bytes[i + 1] > 0x9f)) return i;
    if ((b === 0xf0 && bytes[i + 1] < 0x90) || (b === 0xf4 && bytes[i + 1] > 0x8f)) return i;
    i += need + 1;
  }
  return i;
}

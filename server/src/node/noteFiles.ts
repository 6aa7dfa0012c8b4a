import { readFileSync, statSync } from 'node:fs';
import { glob } from 'tinyglobby';
import { describeFsError } from './configFiles.js';

/** Folders never searched: dependencies and version control. */
export const IGNORED_FOLDERS = ['**/node_modules/**', '**/.git/**'];

/** The Markdown files a folder search looks at. */
export const MARKDOWN_GLOB = '**/*.{md,markdown}';

/**
 * The Markdown files under `folder` (relative, `/`-separated, sorted), as
 * `mot lint <folder>` and the language server's workspace index search it:
 * skipping `node_modules`, `.git` and the `exclude` globs (VS Code's
 * `files.exclude`, relative to the folder), never following symbolic links.
 */
export async function markdownFilesUnder(folder: string, exclude: readonly string[] = []): Promise<string[]> {
  const matches = await glob(MARKDOWN_GLOB, { cwd: folder, ignore: [...IGNORED_FOLDERS, ...exclude], dot: true, followSymbolicLinks: false });
  return matches.sort();
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

import type { FrontMatter } from './model.js';

/**
 * The title of a call made of the steps at the top of a note: who and when,
 * from the front matter, or the file name.
 */
export function fileCallTitle(fm: FrontMatter | null, fileName: string): string {
  const d = fm?.data ?? {};
  const parts = [d.customer, d.contact, d.date instanceof Date ? d.date.toISOString().slice(0, 10) : d.date]
    .filter((v) => v !== undefined && v !== null && v !== '')
    .map(String);
  return parts.length ? parts.join(' · ') : fileName;
}

/** A file's name without folders and the Markdown extension, e.g. `2026-06-03-wang` for `calls/2026-06-03-wang.call.md`. */
export function noteName(path: string | undefined): string {
  if (!path) return 'note';
  const name = path.replace(/\\/g, '/').split('/').pop() ?? path;
  return name.replace(/\.(?:call\.)?(?:md|markdown)$/i, '');
}

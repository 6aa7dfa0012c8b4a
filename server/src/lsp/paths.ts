import { fileURLToPath } from 'node:url';

/** The file-system path of a `file:` URI, or null. */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

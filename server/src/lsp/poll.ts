import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { findConfigFile } from '../node/configFiles.js';
import { uriToPath } from './paths.js';

/** How often settings and `.motrc.json` files are looked at when the client cannot tell the server they changed. */
export const POLL_MS = 2000;

/** What a {@link ConfigPoll} watches, and whom it tells. */
export interface ConfigPollOptions {
  /** The URIs of the open documents. */
  documents: () => string[];
  /** Whether to look at the `.motrc.json` that applies to each document (the client cannot watch files for the server). */
  configFiles: boolean;
  /** Asks the client for a document's settings again and says whether they differ from those in use; null when the client tells the server of changes (or cannot be asked). */
  settingsChanged: ((uri: string) => Promise<boolean>) | null;
  changed: () => void;
  onError: (error: unknown) => void;
  intervalMs?: number;
}

/**
 * Notices configuration changes for a client that registers no watchers:
 * every {@link POLL_MS} it looks at the `.motrc.json` that applies to each
 * open document (its path, time and size, compared with what they were when
 * the document was opened or last looked at) and, where the client answers
 * `workspace/configuration` but cannot be registered with for change
 * notifications, asks for the settings again; on a difference it calls
 * `changed`.
 */
export class ConfigPoll {
  private readonly seen = new Map<string, string>();
  private readonly timer: ReturnType<typeof setInterval>;
  private running = false;

  constructor(private readonly options: ConfigPollOptions) {
    this.timer = setInterval(() => void this.tick(), options.intervalMs ?? POLL_MS);
    this.timer.unref?.();
  }

  /** Notes what applies to a document as it is opened, to compare later looks with. */
  watch(uri: string): void {
    if (this.options.configFiles) this.seen.set(uri, configStamp(uri));
  }

  /** Looks once; resolves when done (a look already under way makes this one a no-op). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let changed = false;
      const open = new Set(this.options.documents());
      for (const uri of [...this.seen.keys()]) if (!open.has(uri)) this.seen.delete(uri);
      for (const uri of open) {
        if (this.options.configFiles) {
          const stamp = configStamp(uri);
          const before = this.seen.get(uri);
          if (before !== undefined && before !== stamp) changed = true;
          this.seen.set(uri, stamp);
        }
        if (!changed && this.options.settingsChanged && (await this.options.settingsChanged(uri))) changed = true;
      }
      if (changed) this.options.changed();
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.running = false;
    }
  }

  /** Stops looking (the server is shutting down). */
  dispose(): void {
    clearInterval(this.timer);
  }
}

/** Which `.motrc.json` applies to a document, and its modification time and size: what changes when it is edited, added or removed. */
function configStamp(uri: string): string {
  const path = uriToPath(uri);
  if (!path) return '';
  const file = findConfigFile(dirname(path));
  if (!file) return 'none';
  try {
    const st = statSync(file);
    return `${file} ${st.mtimeMs} ${st.size}`;
  } catch {
    return `${file} unreadable`;
  }
}

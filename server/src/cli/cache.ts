import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { MotConfig, NoteDigest } from '../core/index.js';
import { describeFsError, findConfigFile } from '../node/configFiles.js';
import type { CliFinding } from './job.js';

/** The cache file's name when `--cache-location` does not name one. */
export const CACHE_FILE_NAME = '.motcache';
/** Changes when the file's shape does; a cache of another shape is ignored. */
const FORMAT = 1;

/** What the cache remembers of one file. */
export interface CacheEntry {
  /** Hash of the file's text. */
  hash: string;
  /** Hash of everything else the result depends on ({@link resultKey}). */
  key: string;
  isCallNote: boolean;
  findings: CliFinding[];
  /** `--fix` found nothing to change in this text. */
  fixChecked?: boolean;
  /** The note's digest, kept by runs that needed it (cross-note references, follow-ups). */
  digest?: NoteDigest;
}

/**
 * Where the cache lives: `--cache-location` (a file, or a folder that gets a
 * `.motcache` inside), else `.motcache` beside the nearest `.motrc.json`
 * above the working directory, else in the working directory.
 */
export function cacheFile(cwd: string, location: string | undefined): string {
  if (location !== undefined) {
    const abs = resolve(cwd, location);
    if (/[\\/]$/.test(location)) return join(abs, CACHE_FILE_NAME);
    try {
      if (statSync(abs).isDirectory()) return join(abs, CACHE_FILE_NAME);
    } catch {
      // not there yet: a file name
    }
    return abs;
  }
  const config = findConfigFile(cwd);
  return join(config ? dirname(config) : cwd, CACHE_FILE_NAME);
}

/** A short hash of a text. */
export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/**
 * The hash of what a file's result depends on besides its text: the tool
 * (version and build), `--today`, the effective configuration and the folder
 * its `files` globs are relative to.
 */
export function resultKey(tool: string, today: string, config: MotConfig, rootDir: string): string {
  return hashText(JSON.stringify([tool, today, stable(config), rootDir]));
}

/** A JSON value with object keys sorted, so that equal configurations hash alike. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The results of earlier runs, by file, read from and written to one JSON
 * file. Paths are kept relative to that file's folder, so a cache restored
 * into another checkout (a CI cache) still matches. A missing, unreadable or
 * foreign file is an empty cache: the cache only ever saves time.
 */
export class LintCache {
  private readonly entries: Map<string, CacheEntry>;
  private readonly seen = new Set<string>();
  private readonly keys = new WeakMap<MotConfig, Map<string, string>>();
  private changed = false;

  private constructor(
    readonly file: string,
    entries: Record<string, CacheEntry>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  /** Reads the cache file (an empty cache when there is none or it cannot be used). */
  static load(file: string): LintCache {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8'));
      if (data && data.format === FORMAT && data.entries && typeof data.entries === 'object') return new LintCache(file, data.entries);
    } catch {
      // none yet, or not ours: start afresh
    }
    return new LintCache(file, {});
  }

  /**
   * The remembered result for a file, when its text and everything else are
   * unchanged (for `--fix`, when it had nothing to fix; with `needDigest`, when
   * a call note's digest was kept too).
   */
  get(abs: string, hash: string, key: string, forFix: boolean, needDigest = false): CacheEntry | undefined {
    const name = this.name(abs);
    this.seen.add(name);
    const entry = this.entries.get(name);
    if (!entry || entry.hash !== hash || entry.key !== key) return undefined;
    if (forFix && entry.isCallNote && !entry.fixChecked) return undefined;
    if (needDigest && entry.isCallNote && !entry.digest) return undefined;
    return entry;
  }

  /** Remembers a file's result. */
  set(abs: string, entry: CacheEntry): void {
    const name = this.name(abs);
    this.seen.add(name);
    const old = this.entries.get(name);
    if (old && JSON.stringify(old) === JSON.stringify(entry)) return;
    this.entries.set(name, entry);
    this.changed = true;
  }

  /** {@link resultKey} with the `files` root relative to the cache, as entry paths are. */
  key(tool: string, today: string, config: MotConfig, rootDir: string): string {
    // The resolver hands the files of one folder the same configuration object: hash it once.
    let byRoot = this.keys.get(config);
    if (!byRoot) this.keys.set(config, (byRoot = new Map()));
    const memo = `${tool}\0${today}\0${rootDir}`;
    let key = byRoot.get(memo);
    if (key === undefined) byRoot.set(memo, (key = resultKey(tool, today, config, this.name(rootDir))));
    return key;
  }

  /** Forgets a file (it could not be read or checked). */
  delete(abs: string): void {
    if (this.entries.delete(this.name(abs))) this.changed = true;
  }

  /**
   * Writes the cache when it changed, dropping entries of files that no
   * longer exist; returns why it could not, or null. The file is replaced
   * in one step, so a run stopped half-way never leaves a broken cache.
   */
  save(): string | null {
    const base = dirname(this.file);
    for (const name of this.entries.keys()) {
      if (this.seen.has(name)) continue;
      try {
        statSync(resolve(base, name));
      } catch {
        this.entries.delete(name);
        this.changed = true;
      }
    }
    if (!this.changed) return null;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(base, { recursive: true });
      writeFileSync(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.entries) }));
      renameSync(temp, this.file);
      return null;
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // nothing was written
      }
      return describeFsError(error);
    }
  }

  private name(abs: string): string {
    const rel = relative(dirname(this.file), abs);
    return (isAbsolute(rel) ? rel : rel.split(sep).join('/')) || '.';
  }
}

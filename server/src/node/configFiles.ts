import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, mergeConfig, parseConfig, type MotConfig } from '../core/config.js';

/** A configuration in force for a file, and where it came from. */
export interface ResolvedConfig {
  config: MotConfig;
  /** The `.motrc.json` used, or null for defaults. */
  file: string | null;
  /** The folder `files` globs are relative to. */
  rootDir: string;
}

/** Reads and validates one `.motrc.json`; throws {@link ConfigError} naming the file. */
export function loadConfigFile(file: string): Partial<MotConfig> {
  let text: string;
  try {
    // A FIFO or a device would block the read or never end.
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, 1, 1, `cannot read the configuration file (${describeFsError(error)})`);
  }
  try {
    return parseConfig(text.replace(/^\uFEFF/, ''), file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // The JSON parser recurses: absurdly deep nesting overflows the stack.
    const cause = error instanceof RangeError ? 'the JSON is nested too deeply to read' : `cannot parse the file (${(error as Error)?.message ?? error})`;
    throw new ConfigError(file, 1, 1, cause);
  }
}

/** The nearest `.motrc.json` at or above `dir`, or null. */
export function findConfigFile(dir: string): string | null {
  let current = resolve(dir);
  for (;;) {
    const candidate = join(current, CONFIG_FILE_NAME);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking upwards
    }
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/**
 * Resolves the configuration for files, searching `.motrc.json` upwards from
 * each file's folder (cached per folder), or using one explicit file.
 * `overrides` (e.g. editor settings) are merged on top.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, ResolvedConfig | ConfigError>();
  private readonly byFile = new Map<string, Partial<MotConfig> | ConfigError>();

  constructor(
    private readonly options: { explicitFile?: string; defaultRoot: string; overrides?: Partial<MotConfig> } = { defaultRoot: process.cwd() },
  ) {}

  /** The configuration for a file; throws {@link ConfigError} when its `.motrc.json` is invalid. */
  resolve(filePath: string): ResolvedConfig {
    const dir = dirname(resolve(filePath));
    let entry = this.byDir.get(dir);
    if (!entry) {
      entry = this.compute(dir);
      this.byDir.set(dir, entry);
    }
    if (entry instanceof ConfigError) throw entry;
    return entry;
  }

  /** Forgets cached files, e.g. after a `.motrc.json` changed. */
  clear(): void {
    this.byDir.clear();
    this.byFile.clear();
  }

  private compute(dir: string): ResolvedConfig | ConfigError {
    const file = this.options.explicitFile ? resolve(this.options.explicitFile) : findConfigFile(dir);
    if (!file) return { config: mergeConfig(this.options.overrides), file: null, rootDir: this.options.defaultRoot };
    let parsed = this.byFile.get(file);
    if (!parsed) {
      try {
        parsed = loadConfigFile(file);
      } catch (error) {
        parsed = error instanceof ConfigError ? error : new ConfigError(file, 1, 1, String(error));
      }
      this.byFile.set(file, parsed);
    }
    if (parsed instanceof ConfigError) return parsed;
    return { config: mergeConfig(parsed, this.options.overrides), file, rootDir: dirname(file) };
  }
}

/** A short reason for a file-system error: "permission denied", "no such file or directory"… */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOTREG':
      return 'not a regular file but a FIFO, socket or device';
    default:
      return (error as Error)?.message ?? String(error);
  }
}

import { dateOrderFromSetting, wordsFromSetting, type DateOrder, type Locale, type MotConfig, type SeveritySetting, type WordLists } from '../core/index.js';

/** The `mot.*` settings a client may send (VS Code's, or any LSP client's). */
export interface MotSettings {
  enable: boolean;
  /** `null`: use `.motrc.json` or the built-in default. */
  files: string[] | null;
  rules: Record<string, SeveritySetting>;
  stepAliases: Record<string, string[]>;
  locale: 'auto' | Locale;
  /** YYYY-MM-DD, or empty for the local date. */
  today: string;
  /** Diagnostics per document at most, the last one saying how many more there are. */
  maxProblems: number;
  /** Words added to the defaults and to `.motrc.json`'s. */
  words: Partial<WordLists>;
  /** Overrides `.motrc.json`'s `dateOrder`; undefined (`auto`) leaves it. */
  dateOrder: DateOrder | undefined;
  /** Report the findings of notes that are not open (the workspace index); false: open notes only. */
  workspaceDiagnostics: boolean;
}

/** Settings used when the client sends none (Neovim, Helix, Emacs without configuration). */
export const DEFAULT_SETTINGS: MotSettings = { enable: true, files: null, rules: {}, stepAliases: {}, locale: 'auto', today: '', maxProblems: 1000, words: {}, dateOrder: undefined, workspaceDiagnostics: true };

/**
 * Reads whatever the client sent, keeping only well-formed values; a value
 * missing or malformed is taken from `base` (the defaults, or what the client
 * sent in `initializationOptions`, for clients without `workspace/configuration`).
 */
export function normalizeSettings(raw: unknown, base: MotSettings = DEFAULT_SETTINGS): MotSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const rules: MotSettings['rules'] = s.rules && typeof s.rules === 'object' ? {} : { ...base.rules };
  for (const [k, v] of Object.entries(obj(s.rules))) {
    if (typeof v === 'string' && ['error', 'warning', 'info', 'hint', 'off'].includes(v)) rules[k] = v as SeveritySetting;
  }
  const stepAliases: MotSettings['stepAliases'] = s.stepAliases && typeof s.stepAliases === 'object' ? {} : { ...base.stepAliases };
  for (const [k, v] of Object.entries(obj(s.stepAliases))) {
    if (Array.isArray(v)) stepAliases[k] = v.filter((x): x is string => typeof x === 'string');
  }
  const max = s.maxProblems;
  return {
    enable: typeof s.enable === 'boolean' ? s.enable : base.enable,
    files: Array.isArray(s.files) ? s.files.filter((x): x is string => typeof x === 'string') : s.files === null ? null : base.files,
    rules,
    stepAliases,
    locale: s.locale === 'en' || s.locale === 'zh-cn' || s.locale === 'auto' ? s.locale : base.locale,
    today: typeof s.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.today) ? s.today : base.today,
    maxProblems: typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : base.maxProblems,
    words: wordsFromSetting(s.words) ?? base.words,
    // `auto` (or nothing) leaves the order to `.motrc.json`.
    dateOrder: s.dateOrder === 'auto' ? undefined : (dateOrderFromSetting(s.dateOrder) ?? base.dateOrder),
    workspaceDiagnostics: typeof s.workspaceDiagnostics === 'boolean' ? s.workspaceDiagnostics : base.workspaceDiagnostics,
  };
}

/** Settings on top of a `.motrc.json`: editor settings win where they are set. */
export function settingsOverrides(settings: MotSettings): Partial<MotConfig> {
  return {
    rules: settings.rules as MotConfig['rules'],
    stepAliases: settings.stepAliases,
    ...(settings.files ? { files: settings.files } : {}),
    ...(settings.dateOrder ? { dateOrder: settings.dateOrder } : {}),
    words: settings.words as WordLists,
  };
}

/** Maps an LSP/VS Code locale ("zh-cn", "zh-CN", "zh-tw", "en-us") to ours. */
export function toLocale(value: string | undefined): Locale {
  return value && /^zh/i.test(value) ? 'zh-cn' : 'en';
}

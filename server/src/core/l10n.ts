/**
 * The one way the core and the CLI speak to users: every text exists in each
 * supported locale as a {@link Localized} value, built with {@link loc} next
 * to where it is used and picked with `text[locale]`. (The VS Code client uses
 * `vscode.l10n`, and the manifest `package.nls*.json`, as VS Code requires.)
 */

/** The languages messages, hovers and snippets exist in. */
export type Locale = 'en' | 'zh-cn';

/** The supported locales, in display order. */
export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

/** A text in every supported locale. */
export type Localized = Record<Locale, string>;

/** Builds a {@link Localized} text. */
export function loc(en: string, zh: string): Localized {
  return { en, 'zh-cn': zh };
}

/**
 * Reads a locale as users and editors write it (`zh-CN`, `zh_cn`, `ZH`,
 * `en-US`): any Chinese is Simplified Chinese, anything else English; null
 * for a value that names no language at all.
 */
export function parseLocale(value: string | undefined | null): Locale | null {
  if (!value) return null;
  const v = value.trim().toLowerCase().replace(/_/g, '-');
  if (/^zh(?:-|$)/.test(v)) return 'zh-cn';
  if (/^[a-z]{2,3}(?:-[a-z0-9]+)*$/.test(v)) return 'en';
  return null;
}

/** `1 problem`, `2 problems` in English; Chinese has no plural. */
export function count(n: number, one: string, many: string, zh: string): Localized {
  return loc(`${n} ${n === 1 ? one : many}`, `${n} ${zh}`);
}

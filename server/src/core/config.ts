import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { RULE_IDS, isRuleId, type RuleId } from './ruleIds.js';
import { stepKindOf } from './model/steps.js';
import type { SeveritySetting } from './types.js';
import { LineIndex } from './text/lineIndex.js';
import type { WordLists } from './model/wording.js';
import type { DateOrder } from './model/dates.js';
export type { WordLists, DateOrder };

const WORD_KINDS = ['pending', 'done', 'decline'] as const;
const DATE_ORDERS = ['ymd', 'dmy', 'mdy'] as const;

/** The settings the analysis uses (a `.motrc.json`, VS Code settings, or both merged). */
export interface MotConfig {
  /** Severity per rule; rules not named keep their default. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Extra names per step, keyed by the step's English or Chinese name. */
  stepAliases: Record<string, string[]>;
  /** Globs of files that are call notes by path. */
  files: string[];
  /** Words added to the defaults that say an item is pending, done or a decline. */
  words: WordLists;
  /** How numeric dates like `11/12/2026` are read; null: only when unambiguous. */
  dateOrder: DateOrder;
}

/** The `files` globs used when none are configured. */
export const DEFAULT_FILES: readonly string[] = ['**/*.call.md', '**/calls/**/*.md'];

/** The file name of the configuration file. */
export const CONFIG_FILE_NAME = '.motrc.json';

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** A default configuration. */
export function defaultConfig(): MotConfig {
  return { rules: {}, stepAliases: {}, files: [...DEFAULT_FILES], words: { pending: [], done: [], decline: [] }, dateOrder: null };
}

/** A configuration file that cannot be used; the message names the file, line, column and cause. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses and validates the text of a `.motrc.json`. Comments are allowed.
 * Throws a {@link ConfigError} naming the line and column of the first problem.
 */
export function parseConfig(text: string, file: string): Partial<MotConfig> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lines = new LineIndex(text);
  const fail = (offset: number, detail: string): never => {
    const p = lines.positionAt(offset);
    throw new ConfigError(file, p.line + 1, p.character + 1, detail);
  };
  if (errors.length) fail(errors[0].offset, `invalid JSON: ${describeJsonError(errors[0])}`);
  if (!root) fail(0, 'the file is empty; expected an object such as { "rules": {} }');
  if (root!.type !== 'object') fail(root!.offset, 'expected an object such as { "rules": {} }');

  const out: Partial<MotConfig> = {};
  for (const prop of root!.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    const key = keyNode?.value as string;
    if (!valueNode) continue;
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        out.rules = parseRules(valueNode, fail);
        break;
      case 'stepAliases':
        out.stepAliases = parseAliases(valueNode, fail);
        break;
      case 'files':
        out.files = stringArray(valueNode, fail, '"files" must be an array of glob strings');
        break;
      case 'words':
        out.words = parseWords(valueNode, fail);
        break;
      case 'dateOrder':
        if (valueNode.type !== 'string' || !DATE_ORDERS.includes(valueNode.value)) fail(valueNode.offset, `"dateOrder" must be one of ${DATE_ORDERS.map((o) => `"${o}"`).join(', ')}`);
        out.dateOrder = valueNode.value as DateOrder;
        break;
      default:
        fail(keyNode.offset, `unknown setting "${key}"; expected "rules", "stepAliases", "files", "words" or "dateOrder"`);
    }
  }
  return out;
}

type Fail = (offset: number, detail: string) => never;

function parseRules(node: JsonNode, fail: Fail): MotConfig['rules'] {
  if (node.type !== 'object') fail(node.offset, '"rules" must be an object of rule id → severity');
  const rules: MotConfig['rules'] = {};
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    const id = k.value as string;
    if (!isRuleId(id)) fail(k.offset, `unknown rule id "${id}"; known rules: ${RULE_IDS.join(', ')}`);
    if (!v || v.type !== 'string' || !SEVERITIES.includes(v.value)) {
      fail(v?.offset ?? k.offset, `bad severity for "${id}": expected one of ${SEVERITIES.join(', ')}`);
    }
    rules[id as RuleId] = v.value as SeveritySetting;
  }
  return rules;
}

function parseAliases(node: JsonNode, fail: Fail): MotConfig['stepAliases'] {
  if (node.type !== 'object') fail(node.offset, '"stepAliases" must be an object such as { "Offer": ["Proposal"] }');
  const out: MotConfig['stepAliases'] = {};
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    const step = k.value as string;
    if (!stepKindOf(step)) fail(k.offset, `unknown step "${step}" in "stepAliases"; expected Explore, Offer, Action or Confirm`);
    out[step] = stringArray(v, fail, `aliases of "${step}" must be an array of strings`);
  }
  return out;
}

/** Reads `words`, a setting shared by `.motrc.json` and `mot.words`. */
function parseWords(node: JsonNode, fail: Fail): WordLists {
  const message = '"words" must be an object such as { "pending": ["to chase"], "done": ["shipped"], "decline": ["out of scope"] }';
  if (node.type !== 'object') fail(node.offset, message);
  const out: WordLists = { pending: [], done: [], decline: [] };
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    const kind = k.value as string;
    if (!(WORD_KINDS as readonly string[]).includes(kind)) fail(k.offset, `unknown word list "${kind}" in "words"; expected "pending", "done" or "decline"`);
    out[kind as keyof WordLists] = stringArray(v, fail, `"words.${kind}" must be an array of strings`).filter((w) => w.trim() !== '');
  }
  return out;
}

/** Words from an editor setting (any shape a user may type), keeping only lists of strings. */
export function wordsFromSetting(value: unknown): Partial<WordLists> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: Partial<WordLists> = {};
  for (const kind of WORD_KINDS) {
    const list = (value as Record<string, unknown>)[kind];
    if (Array.isArray(list)) out[kind] = list.filter((w): w is string => typeof w === 'string' && w.trim() !== '');
  }
  return out;
}

/** A date order from an editor setting, or undefined when it is not one. */
export function dateOrderFromSetting(value: unknown): DateOrder | undefined {
  return typeof value === 'string' && (DATE_ORDERS as readonly string[]).includes(value) ? (value as DateOrder) : undefined;
}

function stringArray(node: JsonNode | undefined, fail: Fail, message: string): string[] {
  if (!node || node.type !== 'array') return fail(node?.offset ?? 0, message);
  return (node.children ?? []).map((c) => (c.type === 'string' ? (c.value as string) : fail(c.offset, message)));
}

function describeJsonError(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Merges configurations: later ones win per rule and per step; `files` is
 * replaced, not concatenated, when a later one sets it.
 */
export function mergeConfig(...parts: (Partial<MotConfig> | undefined)[]): MotConfig {
  const out = defaultConfig();
  for (const p of parts) {
    if (!p) continue;
    if (p.rules) out.rules = { ...out.rules, ...p.rules };
    if (p.stepAliases) out.stepAliases = { ...out.stepAliases, ...p.stepAliases };
    if (p.files) out.files = [...p.files];
    // Words add up: a team's words and a user's both count, the defaults always do.
    if (p.words) for (const kind of WORD_KINDS) out.words[kind] = [...new Set([...out.words[kind], ...(p.words[kind] ?? [])])];
    if (p.dateOrder !== undefined) out.dateOrder = p.dateOrder;
  }
  return out;
}

import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { RULE_IDS, isRuleId, type RuleId } from './ruleIds.js';
import { stepKindOf } from './model/steps.js';
import type { SeveritySetting } from './types.js';
import { LineIndex } from './text/lineIndex.js';

/** The settings the analysis uses (a `.motrc.json`, VS Code settings, or both merged). */
export interface MotConfig {
  /** Severity per rule; rules not named keep their default. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Extra names per step, keyed by the step's English or Chinese name. */
  stepAliases: Record<string, string[]>;
  /** Globs of files that are call notes by path. */
  files: string[];
}

/** The `files` globs used when none are configured. */
export const DEFAULT_FILES: readonly string[] = ['**/*.call.md', '**/calls/**/*.md'];

/** The file name of the configuration file. */
export const CONFIG_FILE_NAME = '.motrc.json';

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** A default configuration. */
export function defaultConfig(): MotConfig {
  return { rules: {}, stepAliases: {}, files: [...DEFAULT_FILES] };
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
      default:
        fail(keyNode.offset, `unknown setting "${key}"; expected "rules", "stepAliases" or "files"`);
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
  }
  return out;
}

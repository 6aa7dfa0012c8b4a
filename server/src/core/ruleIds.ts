import { RULES } from './rules/index.js';
import type { Rule } from './rules/rule.js';

/** A rule id. */
export type RuleId = (typeof RULES)[number]['id'];

/** Every rule id, in the registry's order. */
export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

/** Rules by id. */
export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r as Rule]));

/** True when `id` names a rule. */
export function isRuleId(id: string): id is RuleId {
  return RULES_BY_ID.has(id);
}

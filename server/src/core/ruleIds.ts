/** Every rule id, in the order FORMAT.md lists them. */
export const RULE_IDS = [
  'missing-step',
  'step-order',
  'empty-step',
  'unconfirmed-offer',
  'offer-without-action',
  'overdue-action',
  'vague-action',
  'missing-wins',
  'missing-expectation',
  'score-range',
  'missing-score',
  'negative-without-recovery',
  'unknown-offer-ref',
  'duplicate-offer-id',
  'step-typo',
  'front-matter',
] as const;

/** A rule id. */
export type RuleId = (typeof RULE_IDS)[number];

/** True when `id` names a rule. */
export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

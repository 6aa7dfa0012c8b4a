import type { RuleId } from '../ruleIds.js';
import type { Rule } from './rule.js';
import { missingStep } from './missing-step.js';
import { stepOrder } from './step-order.js';
import { emptyStep } from './empty-step.js';
import { unconfirmedOffer } from './unconfirmed-offer.js';
import { offerWithoutAction } from './offer-without-action.js';
import { overdueAction } from './overdue-action.js';
import { vagueAction } from './vague-action.js';
import { missingWins } from './missing-wins.js';
import { missingExpectation } from './missing-expectation.js';
import { scoreRange } from './score-range.js';
import { missingScore } from './missing-score.js';
import { negativeWithoutRecovery } from './negative-without-recovery.js';
import { unknownOfferRef } from './unknown-offer-ref.js';
import { duplicateOfferId } from './duplicate-offer-id.js';
import { stepTypo } from './step-typo.js';
import { frontMatter } from './front-matter.js';

/** Every rule, in FORMAT.md's order. */
export const RULES: readonly Rule[] = [
  missingStep,
  stepOrder,
  emptyStep,
  unconfirmedOffer,
  offerWithoutAction,
  overdueAction,
  vagueAction,
  missingWins,
  missingExpectation,
  scoreRange,
  missingScore,
  negativeWithoutRecovery,
  unknownOfferRef,
  duplicateOfferId,
  stepTypo,
  frontMatter,
];

/** Rules by id. */
export const RULES_BY_ID: ReadonlyMap<RuleId, Rule> = new Map(RULES.map((r) => [r.id, r]));

export type { Rule, Report, RuleContext } from './rule.js';

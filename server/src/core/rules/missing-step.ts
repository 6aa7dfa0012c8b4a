import { STEP_ORDER, type StepKind } from '../types.js';
import { loc } from '../l10n.js';
import type { Call } from '../model/model.js';
import { STEP_NAMES } from '../model/steps.js';
import { addDays, insertStep, nextOfferId } from '../features/edits.js';
import { callName, msg, STEP_PURPOSE, stepName, defineRule, type FixContext } from './rule.js';

/** Which step a finding is about, and (a file call and a heading call may share a title) the call's form. */
interface MissingStepData {
  step: StepKind;
  form: Call['form'];
}

/** A call lacks one of the four steps: one finding per missing step, on the call's heading. */
export const missingStep = defineRule({
  id: 'missing-step',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('A call lacks one of the four steps; one finding per missing step, on the call\'s heading (or record-sheet column header)', '互动缺少四个步骤之一；每缺一步报告一条，位于互动标题（或记录表列头）上'),
  check({ model }, report) {
    for (const call of model.calls) {
      const present = new Set(call.steps.map((s) => s.kind));
      // A call that only says no has nothing to do: the decline itself is the offer, and it is confirmed.
      const onlyDeclines = call.offers.length > 0 && call.offers.every((o) => o.declined);
      for (const kind of STEP_ORDER) {
        if (present.has(kind) || (kind === 'action' && onlyDeclines)) continue;
        const name = stepName(kind);
        const why = STEP_PURPOSE[kind];
        const extra =
          kind === 'confirm'
            ? msg(' Skipping Confirm is the most common failure in MOT.', '跳过“确认”是关键时刻中最常见的失误。')
            : msg('', '');
        report({
          span: call.titleSpan,
          message: msg(
            `Call ${callName(call).en} has no ${name.en} step: ${why.en}.${extra.en}`,
            `互动${callName(call)['zh-cn']}缺少“${name['zh-cn']}”步骤：${why['zh-cn']}。${extra['zh-cn']}`,
          ),
          // A file call and a heading call may share a title span (a top-level
          // step heading that has steps of its own): the form tells them apart.
          data: { step: kind, form: call.form },
        });
      }
    }
  },
  fixes({ finding, text, model, today }: FixContext<MissingStepData>) {
    const { step, form } = finding.data;
    const call = model.calls.find((c) => c.titleSpan.start === finding.span.start && c.titleSpan.end === finding.span.end && c.form === form);
    if (!call) return [];
    const edits = insertStep(text, model, call, step, stepSkeleton(call, step, today));
    if (!edits.length) return [];
    const name = call.language === 'zh' ? STEP_NAMES[step].zh : STEP_NAMES[step].en;
    // A misspelt heading of this very step (`## Confrim`) is the step: renaming
    // it (step-typo's fix) is the fix. Inserting another would leave the call
    // with two, so then this is only offered, never preferred nor applied by
    // "Fix all", which renames the typo first and so ends this finding.
    const misspelt = model.typos.some((t) => t.kind === step && t.fixes.length && t.span.start >= call.span.start && t.span.end <= call.span.end);
    if (misspelt) return [{ title: loc(`Insert the ${name} step`, `插入“${name}”步骤`), edits }];
    return [{ title: loc(`Insert the ${name} step`, `插入“${name}”步骤`), edits, isPreferred: true, safe: true }];
  },
});

/**
 * The items a newly inserted step starts with, in the call's language: blanks
 * to fill in, open tasks, and confirmations still to ask — never a fact the
 * customer has not given.
 */
function stepSkeleton(call: Call, kind: StepKind, today: string): string[] {
  const zh = call.language === 'zh';
  const due = addDays(today, 7);
  const live = call.offers.filter((o) => !o.declined);
  switch (kind) {
    case 'explore':
      return zh ? ['企业利益：', '个人利益：', '客户期望（明显的期望）：'] : ['Business win: ', 'Personal win: ', 'Expectation (explicit): '];
    case 'offer': {
      // Actions and confirmations may already name offers: create exactly those.
      const named = [...new Set([...call.actions, ...call.confirmations].flatMap((i) => i.mentions.map((m) => m.id)))];
      const ids = named.length ? named : [`O${nextOfferId(call)}`];
      return ids.map((id) => (zh ? `[${id}] （向客户提出的具体做法）` : `[${id}] (what you propose, and when)`));
    }
    case 'action':
      if (!live.length) return [zh ? `[ ] （要做的事） 截止 ${due}` : `[ ] (what you will do) due ${due}`];
      return live.map((o) => {
        const ref = o.id ? `${o.id.id} ` : '';
        return zh ? `[ ] ${ref}（要做的事） 截止 ${due}` : `[ ] ${ref}(what you will do) due ${due}`;
      });
    case 'confirm': {
      if (!call.offers.length) return [`[ ] ${askCustomer(zh)}`];
      return call.offers.map((o) => `[ ] ${o.id ? `${o.id.id} ` : ''}${askCustomer(zh)}`);
    }
  }
}

/** The course's first confirm question, as a planned confirmation's text. */
export function askCustomer(zh: boolean): string {
  return zh ? '询问客户：“我们提供的服务是您需要的吗？”' : 'Ask: "Did we provide the service you needed?"';
}

import { STEP_ORDER } from '../types.js';
import { callName, msg, STEP_PURPOSE, stepName, type Rule } from './rule.js';

/** A call lacks one of the four steps: one finding per missing step, on the call's heading. */
export const missingStep: Rule = {
  id: 'missing-step',
  defaultSeverity: 'warning',
  summary: msg('A call lacks one of the four MOT steps', '一次互动缺少关键时刻四个步骤之一'),
  check({ model }, report) {
    for (const call of model.calls) {
      const present = new Set(call.steps.map((s) => s.kind));
      for (const kind of STEP_ORDER) {
        if (present.has(kind)) continue;
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
};

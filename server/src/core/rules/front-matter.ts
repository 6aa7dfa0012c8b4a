import { msg, type Rule } from './rule.js';

/** Front matter that is not valid YAML, or whose `date` or `score` is wrong. */
export const frontMatter: Rule = {
  id: 'front-matter',
  defaultSeverity: 'error',
  summary: msg('Front matter that is not valid YAML, or a bad date or score in it', '前置元数据不是有效的 YAML，或其中的日期、评分有误'),
  check({ model }, report) {
    for (const problem of model.frontMatter?.problems ?? []) report({ span: problem.span, message: problem.message });
  },
};

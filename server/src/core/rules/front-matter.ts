import { msg, defineRule } from './rule.js';

/** Front matter that is not valid YAML, or whose `date` or `score` is wrong. */
export const frontMatter = defineRule({
  id: 'front-matter',
  scope: 'note',
  defaultSeverity: 'error',
  summary: msg('Front matter that is not valid YAML, a `date` that is not a date, or a `score` out of range', '文件开头的信息（front matter）不是合法的 YAML，或其中的 `date` 不是日期、`score` 超出范围'),
  check({ frontMatter }, report) {
    for (const problem of frontMatter?.problems ?? []) report({ span: problem.span, message: problem.message });
  },
});

import { msg, defineRule } from './rule.js';

/**
 * A note declared a call note (front matter or path) in which no call was
 * found: said once, on its first line, so that a dashboard never counts a
 * note it could not read as clean.
 */
export const noCall = defineRule({
  id: 'no-call',
  scope: 'note',
  defaultSeverity: 'info',
  summary: msg('A file that is a call note by front matter or path, in which no call is found', '按文件开头的信息或路径算作互动记录，却没有找到任何互动'),
  check({ reason, calls, text }, report) {
    // An empty file says nothing that could have been misread.
    if (calls > 0 || reason === 'calls' || !/\S/.test(text.replace(/^\uFEFF/, ''))) return;
    // The first line with text on it, trimmed (a finding never starts or ends with white space).
    const first = /\S[^\r\n]*/.exec(text.replace(/^\uFEFF/, ' '))!;
    const start = first.index;
    const end = start + first[0].trimEnd().length;
    const why =
      reason === 'front-matter'
        ? msg('its front matter says `mot: true`', '文件开头的信息写了 `mot: true`')
        : msg('its path matches the `files` setting', '文件路径符合 `files` 设置');
    report({
      span: { start, end },
      message: msg(
        `This file is a call note (${why.en}), but no call was found in it, so nothing in it was checked. Write each step as a heading under the call's heading ("## Explore", "## Offer", "## Action", "## Confirm") or as a label at the start of a paragraph ("**Offer:** …"), or use a record sheet.`,
        `这份文件算作互动记录（${why['zh-cn']}），但里面没有找到任何互动，所以什么都没有检查。请把每个步骤写成互动标题下的小标题（“## 探索”“## 提议”“## 行动”“## 确认”），或写在段首作为标签（“**提议：** ……”），也可以用记录表。`,
      ),
    });
  },
});

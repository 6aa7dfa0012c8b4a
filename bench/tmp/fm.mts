import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
const a = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
const b = unified().use(remarkParse).use(remarkGfm);
const t = '## Call with Nancy 2 (2026-03-03)\n\nScore: +3\n\n### Explore\n- Business win: better communication between sites\n- Personal win: relief from time pressure\n';
const time = (fn: () => void) => { for (let i = 0; i < 500; i++) fn(); const s = performance.now(); for (let i = 0; i < 3000; i++) fn(); return ((performance.now() - s) / 3000).toFixed(3); };
for (let r = 0; r < 3; r++) console.log('with fm', time(() => a.parse(t)), 'without', time(() => b.parse(t)));

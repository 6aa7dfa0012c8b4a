import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { analyze } from '/work/main/server/src/core/index.ts';
import { parseSection } from '/work/main/server/src/core/parse/parseSection.ts';
import { generateNotes } from '/work/main/bench/generate.ts';
const text = generateNotes(2000);
const bare = unified().use(remarkParse).use(remarkGfm);
const fm = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
const body = text.slice(text.indexOf('\n---\n') + 5);
const fns: [string, () => void][] = [
  ['bare', () => bare.parse(text)],
  ['fm processor', () => fm.parse(text)],
  ['bare on body only', () => bare.parse(body)],
  ['parseSection', () => parseSection(text)],
  ['analyze', () => analyze(text, { today: '2026-06-15' })],
];
const until = performance.now() + 3000;
for (let i = 0; performance.now() < until; i++) for (const [, f] of fns) f();
const times = fns.map(() => [] as number[]);
for (let r = 0; r < 300; r++) fns.forEach(([, f], k) => { const t = performance.now(); f(); times[k].push(performance.now() - t); });
const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
const b = med(times[0]);
fns.forEach(([n], k) => console.log(n.padEnd(20), med(times[k]).toFixed(3), (med(times[k]) / b).toFixed(3)));

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { analyze } from '/work/main/server/src/core/index.ts';
import { parseDocument } from '/work/main/server/src/core/parse/document.ts';
import { parseSection } from '/work/main/server/src/core/parse/parseSection.ts';
import { generateNotes } from '/work/main/bench/generate.ts';
const size = Number(process.argv[2] ?? 2000);
const text = generateNotes(size);
const processor = unified().use(remarkParse).use(remarkGfm);
const time = (runs: number, fn: () => void) => { for (let i = 0; i < 20; i++) fn(); const xs: number[] = []; for (let i = 0; i < runs; i++) { const t = performance.now(); fn(); xs.push(performance.now() - t); } xs.sort((a, b) => a - b); return xs[runs >> 1]; };
const R = Number(process.argv[3] ?? 200);
const bare = time(R, () => processor.parse(text));
const full = time(R, () => analyze(text, { today: '2026-06-15' }));
const doc = time(R, () => parseDocument(text));
const one = time(R, () => parseSection(text));
console.log({ size: text.length, bare, full, ratio: full / bare, parseDocument: doc, parseSectionWhole: one });
for (const n of [4000, 8000, 16000, 32000]) {
  const t = generateNotes(n);
  console.log(n, 'sectioned', time(40, () => parseDocument(t)).toFixed(2), 'whole', time(40, () => parseSection(t)).toFixed(2));
}

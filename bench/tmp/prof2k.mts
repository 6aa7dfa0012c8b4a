import { analyze } from '/work/main/server/src/core/index.ts';
import { generateNotes } from '/work/main/bench/generate.ts';
const text = generateNotes(2000);
for (let i = 0; i < 6000; i++) analyze(text, { today: '2026-06-15' });

import { parseSection } from '/work/main/server/src/core/parse/parseSection.ts';
const time = (runs: number, fn: () => void) => { for (let i = 0; i < 200; i++) fn(); const t = performance.now(); for (let i = 0; i < runs; i++) fn(); return (performance.now() - t) / runs; };
console.log('tiny', time(2000, () => parseSection('# a\n')).toFixed(3), 'ms');
console.log('300 chars', time(2000, () => parseSection('## Call with Nancy 2 (2026-03-03)\n\nScore: +3\n\n### Explore\n- Business win: better communication between sites\n- Personal win: relief from time pressure\n- Expectation (explicit): a proposal before Monday\n- He was in a hurry and asked twice about the timeline; **note** the [intranet](https://example.com) project.\n\n')).toFixed(3), 'ms');

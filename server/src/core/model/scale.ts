import { loc, type Localized } from '../types.js';

/** The MOT scoring sheet: what each score means. */
export const SCALE: ReadonlyMap<number, Localized> = new Map([
  [3, loc('delighted the customer', '让客户喜悦')],
  [2, loc('exceeded expectations', '超出期望')],
  [1, loc('met expectations', '符合期望')],
  [0, loc('neutral (no expectation)', '中立（没有期望）')],
  [-1, loc('partly missed expectations', '部分没有符合期望')],
  [-2, loc('failed expectations', '无法符合期望')],
  [-3, loc('endangered the relationship', '危及双方的关系')],
]);

/** Formats a score with its sign, using a true minus sign for negatives. */
export function formatScore(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '0';
}

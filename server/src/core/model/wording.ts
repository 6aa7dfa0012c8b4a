/**
 * What an item says, read from its words (FORMAT.md, "What an item says"):
 * whether a confirmation is only still to come, whether an action is still to
 * keep, whether an offer says no, whether a cell holds only a placeholder.
 * The word lists are the defaults; `.motrc.json` `words` adds to them.
 */

/** Words a team adds to the defaults (never replacing them). */
export interface WordLists {
  /** Say a confirmation or an action is still to come or did not happen. */
  pending: string[];
  /** Say an action was done. */
  done: string[];
  /** Say a request cannot be taken on. */
  decline: string[];
}

/** The default words. */
export const DEFAULT_WORDS: Readonly<WordLists> = {
  pending: [
    'need to', 'needs to', 'to check', 'to confirm', 'will', "I'll", "we'll", 'TBD', 'TODO', 'pending', 'not yet', "didn't", 'did not', 'never', 'forgot to', 'no time to',
    '待', '未', '没', '没有', '尚未', '还没', '还未', '需要', '下次', '将', '忘了',
  ],
  done: ['done', 'sent', '✓', '✔', '✅', '已', '完成'],
  decline: [
    "can't", 'cannot', 'can not', "couldn't", 'could not', 'unable to', "won't be able", 'not able to', 'decline', 'declined', 'turn down', 'turned down',
    '不能', '无法', '没法', '不承接', '婉拒', '做不了', '办不到',
  ],
};

/** Words an action starting with them is still to do, besides the pending ones. */
const FUTURE = ['to', '要', '计划', '准备'];

/**
 * Chinese words that begin with a pending word but say the opposite, or
 * nothing about time: `没问题` (no problem), `未来` (the future).
 */
const NOT_PENDING = ['没问题', '没有问题', '没意见', '没有意见', '没有异议', '未来', '将来', '将近', '待遇'];

/**
 * What a Chinese subject before a pending word may be: a pronoun, the
 * customer, a team, a person by title (`王总`, `严先生`) or by name before a colon (`王磊：`). Any three
 * characters would make `付款计划已发出` (the payment plan was sent) a plan.
 */
const CJK_SUBJECT = /^(?:我们|我方|咱们|你们|他们|她们|对方|客户|团队|公司|销售|我|你|您|他|她|[\u3400-\u9fff]{1,2}(?:总|经理|先生|女士|小姐|老师|主任|工)|[\u3400-\u9fff]{1,4}(?=\s*[:：]))/u;

/**
 * A record of something done, read from the verb that opens it: an English
 * past tense (`Printed the copies due 2026-06-02`, `Demo held on 10 June`) or
 * a Chinese completed action (`已发出`, `发了`). Such a line is a done record
 * even with a date in it.
 */
const PAST = /^(?:\w+ed|sent|held|met|gave|made|told|wrote|did|went|got|brought|built|took|paid|ran|set up|put|had|was|were|spoke|showed|shown|done|found|left|kept|read)$/i;

/** Words in -ed that are no past tense. */
const NOT_PAST = /^(?:need|feed|speed|seed|bed|red|shed|proceed|exceed|succeed|embed)$/i;

/** Subject words after which a pending word no longer opens the clause: the verb has come (`Stephen said he will`). */
const VERB = /^(?:said|says|told|tells|was|were|is|are|has|had|have|thinks|thought|feels|felt|likes|liked|loves|loved|agreed|agrees|confirmed|confirms|replied|answered|wrote|called|asked|\w+ed)$/i;

const PLACEHOLDER = /^(?:—|–|-|\/|n\/a|na|none|tbd|无|（无）|\(none\)|待定|暂无|\.\.\.|…)?$/i;

const CJK = /[\u3400-\u9fff]/;

/** Compiled word lists for one configuration. */
export interface Wording {
  /** A confirmation that says it is still to come or did not happen (`Didn't ask…`, `待确认：O2`). */
  isPending(text: string): boolean;
  /** A plain action still to keep: it starts with a future or pending word, or has a due date and no done word. */
  isOpenPlainAction(text: string, hasDue: boolean): boolean;
  /** An offer that says the request cannot be taken on. */
  isDecline(text: string): boolean;
}

const compiled = new Map<string, Wording>();

/** The wording of a configuration's `words` (cached by content). */
export function wordingFor(extra?: Partial<WordLists>): Wording {
  const key = JSON.stringify(extra ?? {});
  let w = compiled.get(key);
  if (!w) {
    if (compiled.size > 20) compiled.clear();
    const pending = [...DEFAULT_WORDS.pending, ...(extra?.pending ?? [])];
    const done = [...DEFAULT_WORDS.done, ...(extra?.done ?? [])];
    const decline = [...DEFAULT_WORDS.decline, ...(extra?.decline ?? [])];
    const opens = phraseMatcher(pending);
    const future = phraseMatcher([...pending, ...FUTURE]);
    const doneWord = anywhere(done);
    const declineWord = anywhere(decline);
    w = {
      isPending: (text) => opensWith(text, opens),
      isOpenPlainAction: (text, hasDue) => opensWith(text, future) || (hasDue && !doneWord.test(normalize(text)) && !isPastRecord(text)),
      isDecline: (text) => /^\s*(?:\*\*|__)?\s*(?:no|decline|declined|sorry)\s*(?:\*\*|__)?\s*[:：,，]/i.test(text) || declineWord.test(normalize(text)),
    };
    compiled.set(key, w);
  }
  return w;
}

/** Whether the first clause opens (after ids, owners and a subject) with a verb in the past: a done record. */
function isPastRecord(text: string): boolean {
  const clause = stripLead(normalize(text).split(/[.;!?。；！？"“「『]/u, 1)[0]);
  if (/^[\s\u3400-\u9fff]*?(?:已|了(?!解))/u.test(clause.slice(0, 8)) && CJK.test(clause)) return true;
  const words = clause.split(/[\s,，、:：()（）]+/u).filter(Boolean).slice(0, 4);
  for (const w of words) {
    if (/^(?:will|to|need|needs|must|should|shall|going|i'll|we'll)$/i.test(w)) return false;
    if (PAST.test(w) && !NOT_PAST.test(w)) return true;
  }
  return false;
}

/** An item's text without the offer ids, box and owners it may open with. */
function stripLead(clause: string): string {
  let c = clause.replace(/^[\s\-*+]*(?:\[[ x]\]\s*)?/, '');
  c = c.replace(/^(?:o\d+(?:@\d{4}-\d{2}-\d{2})?(?:\s*(?:–|-|~|to|至|到)\s*o\d+)?[\s:：,，、/&]*)+/u, '');
  return c.replace(/^(?:@[\p{L}\p{N}_.-]+[\s:：,，]*)+/u, '');
}

/** True for a cell or item that holds only a placeholder (`—`, `N/A`, `TBD`, `无`…). */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.replace(/\*\*|__/g, '').trim());
}

function normalize(text: string): string {
  return text.replace(/[’‘`]/g, "'").toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A test for any of the words anywhere in a (normalised) text; Latin words only as whole words. */
function anywhere(words: readonly string[]): RegExp {
  const parts = words.map((w) => {
    const e = escape(normalize(w));
    return /^[a-z']/.test(normalize(w)) ? `(?<![a-z'])${e}(?![a-z])` : e;
  });
  return new RegExp(parts.join('|'), 'u');
}

/** Latin phrases and CJK phrases, each tested where a unit of the clause begins. */
function phraseMatcher(words: readonly string[]): { latin: RegExp; cjk: RegExp } {
  const latin = words.filter((w) => !CJK.test(w)).map((w) => escape(normalize(w)));
  const cjk = words.filter((w) => CJK.test(w)).map(escape);
  return {
    latin: new RegExp(`^(?:${latin.join('|') || '(?!)'})(?![a-z])`, 'u'),
    cjk: new RegExp(`^(?:${cjk.join('|') || '(?!)'})`, 'u'),
  };
}

/**
 * Whether the first clause of an item opens, after offer ids, an owner and
 * a subject of up to four words (three characters in Chinese), with one of
 * the words. The clause ends at the first sentence mark or opening quote:
 * what the customer is quoted as saying never counts.
 */
function opensWith(text: string, m: { latin: RegExp; cjk: RegExp }): boolean {
  // Offer ids (`O1`, `O1–O3`, `O1、O2:`), a checkbox and owners (`@paul`) first; a `Paul:` is a subject word.
  const clause = stripLead(normalize(text).split(/[.;!?。；！？"“「『]/u, 1)[0]);
  let pos = 0;
  let units = 0;
  while (pos < clause.length) {
    while (pos < clause.length && /[\s,，、:：()（）\-–—*_]/u.test(clause[pos])) pos++;
    if (pos >= clause.length) break;
    const rest = clause.slice(pos);
    if (CJK.test(clause[pos])) {
      if (m.cjk.test(rest) && !NOT_PENDING.some((w) => rest.startsWith(w))) return true;
      // Only a subject may stand before the word; anything else is already the clause's content.
      const subject = CJK_SUBJECT.exec(rest);
      if (!subject) return false;
      pos += subject[0].length;
    } else {
      const word = /^[^\s,，、:：()（）\u3400-\u9fff]+/u.exec(rest)?.[0] ?? rest[0];
      if (units <= 4 && m.latin.test(rest)) return true;
      if (VERB.test(word)) return false;
      pos += word.length;
    }
    units++;
    if (units > 4) return false;
  }
  return false;
}

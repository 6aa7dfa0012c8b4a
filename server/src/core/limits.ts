/**
 * Every size and time limit that keeps large notes fast, in one place, each
 * with the reason for its value. The figures come from `npm run bench` on a
 * 2-core machine (README, "Performance"); change one only with a new bench run.
 */
export const LIMITS = {
  /**
   * Texts up to this length are parsed in one go on a first analysis: each
   * parse has a fixed set-up cost (about a quarter of a typical section's
   * parse), so below a few kilobytes one parse beats a parse per section.
   */
  wholeParseMaxChars: 4096,

  /**
   * Lines longer than this have their inline markers neutralised before
   * parsing: micromark's emphasis and link resolution grows much faster than
   * linearly on long lines (a 64k-character line of `*a` takes 20 s).
   */
  longLineChars: 4000,

  /** Characters the section scan reads between two pauses, so a 10 MB note is scanned in steps. */
  scanStepChars: 1 << 16,

  /** Length of a slice of analysis work before a pause for other requests: short enough that a hover waits only milliseconds. */
  sliceMs: 2,

  /** Changed characters up to which an edit is parsed at once, without first finding in slices what it needs (a keystroke is faster parsed than looked for). */
  smallEditChars: 20_000,

  /** Regions no longer in the document kept for an undo, or for a call moved elsewhere, before they are forgotten. */
  staleRegions: 256,

  /**
   * Items whose region models stay in memory near the cursor; older ones are
   * rebuilt from the parsed sections when a feature needs them (a model is
   * about ten times the size of the call summary kept for every call).
   */
  modelBudgetItems: 2_000,

  /**
   * Notes above this length get no outline, folding or code lenses (they need
   * every call's summary, which then costs more memory than it is worth), and
   * their call summaries are not kept.
   */
  hugeNoteChars: 5_000_000,

  /** Notes below this length are analysed fast enough for editor features to always wait for the analysis. */
  largeNoteChars: 100_000,

  /** How long an editor feature on a large note waits for the current version's analysis before answering without it. */
  featureWaitMs: 20,

  /** Characters at the start of a note searched for CJK text to decide the note's language. */
  languageProbeChars: 20_000,

  /**
   * A due date written without a year takes the call's year, unless that puts
   * it more than this many days before the call: "by Jan 5" in a December
   * call means next January.
   */
  dueYearRolloverDays: 60,

  /** Entries a memo of heading texts keeps before it starts over (heading texts repeat across a notes file and across keystrokes). */
  memoEntries: 50_000,
} as const;

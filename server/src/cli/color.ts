import { styleText } from 'node:util';
import type { Severity } from '../core/index.js';

/**
 * Whether to colour the text output, as Node.js and most CLIs decide it:
 * `FORCE_COLOR` wins (`0` or `false` turns colour off, anything else on),
 * then `NO_COLOR` (any non-empty value turns it off), then only a terminal
 * gets colour, and not a dumb one or a CI log (`CI` set).
 */
export function wantsColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(?:0|false)$/i.test(force.trim());
  if (env.NO_COLOR) return false;
  if (!isTTY || env.TERM === 'dumb' || env.CI) return false;
  return true;
}

type Format = Parameters<typeof styleText>[0];

/** How each part of a finding line is shown. */
export interface Palette {
  severity(severity: Severity, text: string): string;
  path(text: string): string;
  rule(text: string): string;
  summary(clean: boolean, hasErrors: boolean, text: string): string;
  /** A group's heading (`mot followups`). */
  heading(text: string): string;
}

/** Leaves every text as it is: pipes, files and CI logs. */
const PLAIN: Palette = {
  severity: (_s, t) => t,
  path: (t) => t,
  rule: (t) => t,
  summary: (_c, _e, t) => t,
  heading: (t) => t,
};

const SEVERITY: Record<Severity, Format> = { error: 'red', warning: 'yellow', info: 'cyan', hint: 'gray' };

/** The palette for an output: colours only when {@link wantsColor} says so. */
export function palette(color: boolean): Palette {
  if (!color) return PLAIN;
  // We decided already (FORCE_COLOR may colour a pipe): styleText must not second-guess the stream.
  const style = (format: Format, text: string) => styleText(format, text, { validateStream: false });
  return {
    severity: (s, t) => style(SEVERITY[s], t),
    path: (t) => style('underline', t),
    rule: (t) => style('gray', t),
    summary: (clean, hasErrors, t) => style(['bold', clean ? 'green' : hasErrors ? 'red' : 'yellow'], t),
    heading: (t) => style('bold', t),
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES, type Locale, type Severity, type SeveritySetting } from '../core/index.js';
import type { FileFinding } from './formats.js';
import type { CliRange } from './job.js';

/**
 * Where the rule pages are published: `helpUri` is this plus `<rule>.md`.
 * Code scanning shows the link beside each alert; the page's text is in the
 * log itself too (`help.markdown`), so the alert explains itself offline.
 */
export const RULE_DOCS_URL = 'https://github.com/mot-coach/mot-call-notes/blob/main/docs/rules/';
/** The tool's home in `tool.driver.informationUri`. */
export const TOOL_URL = 'https://github.com/mot-coach/mot-call-notes';

/** SARIF levels: `info` and `hint` are notes. */
const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** What the log says about the run besides its findings. */
export interface SarifRun {
  version: string;
  /** The working directory, which relative result paths are relative to. */
  cwd: string;
  locale: Locale;
  /** Messages of files that could not be read or checked, and of usage problems. */
  notifications: string[];
}

/**
 * `--format sarif`: a SARIF 2.1.0 log with one run, every rule in
 * `tool.driver.rules` (help text, documentation link, default level), and
 * each finding as a result with its region in UTF-16 columns; ready for
 * GitHub code scanning (`github/codeql-action/upload-sarif`).
 */
export function formatSarif(findings: readonly FileFinding[], run: SarifRun): string {
  const docs = rulePages();
  const index = new Map(RULES.map((r, i) => [r.id as string, i]));
  const rules: ReportingDescriptor[] = RULES.map((rule) => {
    const page = docs.get(rule.id);
    const summary = rule.summary.en;
    return {
      id: rule.id,
      name: rule.id.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: `${summary}.` },
      fullDescription: { text: page ? firstParagraph(page) : `${summary}.` },
      help: page ? { text: plainText(page), markdown: page } : { text: `${summary}.` },
      helpUri: `${RULE_DOCS_URL}${rule.id}.md`,
      defaultConfiguration: defaultConfiguration(rule.defaultSeverity),
      properties: { tags: ['call-notes', 'moment-of-truth'] },
    };
  });
  const results: Result[] = findings.map(({ file, finding: f }) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.messages[run.locale] },
    locations: [{ physicalLocation: physical(file, f) }],
    ...(f.related.length
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(file, r), message: { text: r.messages[run.locale] } })) }
      : {}),
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mot-lint',
            fullName: 'mot-lint, the Moment of Truth call-notes linter',
            version: run.version,
            semanticVersion: run.version,
            informationUri: TOOL_URL,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: run.notifications.length === 0,
            ...(run.notifications.length
              ? { toolExecutionNotifications: run.notifications.map((text) => ({ level: 'error' as const, message: { text } })) }
              : {}),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(run.cwd.endsWith('/') ? run.cwd : `${run.cwd}/`).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function defaultConfiguration(severity: SeveritySetting): ReportingDescriptor['defaultConfiguration'] {
  // A rule that is off by default still has a level for when a configuration turns it on.
  if (severity === 'off') return { enabled: false, level: 'warning' };
  return { level: LEVEL[severity] };
}

/** A file and region; relative paths are relative to `%SRCROOT%` (the working directory), as code scanning expects. */
function physical(file: string, r: CliRange) {
  const absolute = /^(?:[A-Za-z]:)?\//.test(file);
  const uri = absolute ? pathToFileURL(file).href : file.split('/').map(encodeURIComponent).join('/');
  return {
    artifactLocation: absolute ? { uri } : { uri, uriBaseId: '%SRCROOT%' },
    region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
  };
}

/** The English part of each rule page (`docs/rules/<id>.md`, up to its Chinese section), by rule id. */
function rulePages(): Map<string, string> {
  const out = new Map<string, string>();
  const dir = rulesFolder();
  if (!dir) return out;
  for (const rule of RULES) {
    try {
      const text = readFileSync(join(dir, `${rule.id}.md`), 'utf8');
      out.set(rule.id, text.split(/^## 中文/m)[0].trim());
    } catch {
      // a page missing from an install: the summary serves as help
    }
  }
  return out;
}

/** `docs/rules` of the installed package: beside the bundle's folder (dist/) or above the sources. */
function rulesFolder(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'docs', 'rules');
    if (existsSync(join(candidate, 'README.md'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/** The page's first paragraph under "What it checks", as plain text. */
function firstParagraph(page: string): string {
  const body = page.split(/^## What it checks\s*$/m)[1] ?? page;
  const paragraph = body.trim().split(/\n\s*\n/)[0];
  return plainText(paragraph);
}

/** Markdown reduced to readable plain text for `help.text`. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^#+\s*/gm, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}

import * as vscode from 'vscode';
import type { FollowUp, FollowUpsResult } from '../../../server/src/protocol.js';

/** How the view groups the follow-ups: by when they are due, or by whom they concern. */
export type GroupBy = 'due' | 'customer' | 'owner';

/** The due-date groups, in the order the view shows them. */
export type DueGroup = 'overdue' | 'week' | 'later' | 'none' | 'offers';
const DUE_ORDER: readonly DueGroup[] = ['overdue', 'week', 'later', 'none', 'offers'];

/** A node of the tree: a group heading or one follow-up. */
export type FollowUpNode = { kind: 'group'; key: string; label: string; items: FollowUp[] } | { kind: 'item'; group: string; followUp: FollowUp };

/** Days ahead of today that count as "this week": today and the six days after it. */
const WEEK_DAYS = 6;

/** The due-date group of a follow-up, measured against `today` (YYYY-MM-DD). */
export function dueGroupOf(f: FollowUp, today: string): DueGroup {
  if (f.kind === 'offer') return 'offers';
  if (f.status === 'overdue') return 'overdue';
  if (!f.due) return 'none';
  return f.due <= addDays(today, WEEK_DAYS) ? 'week' : 'later';
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function dueGroupLabel(g: DueGroup): string {
  switch (g) {
    case 'overdue':
      return vscode.l10n.t('Overdue');
    case 'week':
      return vscode.l10n.t('This week');
    case 'later':
      return vscode.l10n.t('Later');
    case 'none':
      return vscode.l10n.t('No date');
    case 'offers':
      return vscode.l10n.t('Offers not confirmed');
  }
}

/** The follow-ups in groups; items keep the server's order (most urgent first) inside each group. */
export function groupFollowUps(items: readonly FollowUp[], by: GroupBy, today: string): Extract<FollowUpNode, { kind: 'group' }>[] {
  const groups = new Map<string, FollowUp[]>();
  const keyOf = (f: FollowUp) => (by === 'due' ? dueGroupOf(f, today) : by === 'customer' ? f.customer ?? '' : f.owner ?? '');
  for (const f of items) {
    const key = keyOf(f);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  let keys = [...groups.keys()];
  if (by === 'due') keys = DUE_ORDER.filter((g) => groups.has(g));
  // Named groups by name; the unnamed one (no customer, no owner) last.
  else keys.sort((a, b) => (!a ? 1 : !b ? -1 : a.localeCompare(b)));
  return keys.map((key) => ({
    kind: 'group',
    key,
    label: by === 'due' ? dueGroupLabel(key as DueGroup) : key ? (by === 'owner' ? `@${key}` : key) : by === 'customer' ? vscode.l10n.t('No customer') : vscode.l10n.t('No owner'),
    items: groups.get(key)!,
  }));
}

/** The key of a follow-up in the tree (a note's place is unique). */
export function followUpKey(f: FollowUp): string {
  return `${f.file}#${f.line}:${f.column}`;
}

/**
 * The Follow-ups view's data: the last answer of `mot/followUps`, grouped.
 * Items being marked done are left out until the server's next list.
 */
export class FollowUpsTree implements vscode.TreeDataProvider<FollowUpNode> {
  private readonly changed = new vscode.EventEmitter<FollowUpNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: FollowUpsResult | null = null;
  private readonly leaving = new Set<string>();
  groupBy: GroupBy = 'due';

  /** The last list from the server (null before the first). */
  get current(): FollowUpsResult | null {
    return this.result;
  }

  /** Takes a new list from the server. */
  update(result: FollowUpsResult): void {
    this.result = result;
    this.leaving.clear();
    this.changed.fire(undefined);
  }

  /** Leaves an item out at once (it was marked done; the server's next list confirms it). */
  remove(f: FollowUp): void {
    this.leaving.add(followUpKey(f));
    this.changed.fire(undefined);
  }

  setGroupBy(by: GroupBy): void {
    this.groupBy = by;
    this.changed.fire(undefined);
  }

  /** The follow-ups shown now. */
  items(): FollowUp[] {
    return (this.result?.items ?? []).filter((f) => !this.leaving.has(followUpKey(f)));
  }

  getChildren(node?: FollowUpNode): FollowUpNode[] {
    if (!node) return groupFollowUps(this.items(), this.groupBy, this.result?.today ?? '');
    if (node.kind === 'group') return node.items.map((followUp) => ({ kind: 'item', group: node.key, followUp }));
    return [];
  }

  getTreeItem(node: FollowUpNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${this.groupBy}:${node.key}`;
      item.description = String(node.items.length);
      item.contextValue = 'mot.followUpGroup';
      return item;
    }
    return this.itemOf(node);
  }

  private itemOf(node: Extract<FollowUpNode, { kind: 'item' }>): vscode.TreeItem {
    const f = node.followUp;
    const item = new vscode.TreeItem(f.text || '—', vscode.TreeItemCollapsibleState.None);
    item.id = `${this.groupBy}:${node.group}:${followUpKey(f)}`;
    const owner = f.owner ? `@${f.owner}` : null;
    const parts = [this.groupBy === 'customer' ? null : f.customer, f.due, this.groupBy === 'owner' ? null : owner];
    item.description = parts.filter(Boolean).join(' · ');
    item.tooltip = tooltipOf(f);
    item.iconPath = iconOf(f);
    item.contextValue = f.kind === 'action' ? 'mot.followUp.action' : 'mot.followUp.offer';
    const uri = vscode.Uri.parse(f.file);
    const at = new vscode.Position(f.line - 1, f.column - 1);
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Note'), arguments: [uri, { selection: new vscode.Range(at, at), preview: true }] };
    return item;
  }
}

function iconOf(f: FollowUp): vscode.ThemeIcon {
  switch (f.status) {
    case 'overdue':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'open':
      return new vscode.ThemeIcon(f.due ? 'calendar' : 'circle-large-outline');
    case 'planned':
      return new vscode.ThemeIcon('comment');
    default:
      return new vscode.ThemeIcon('question');
  }
}

function tooltipOf(f: FollowUp): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(f.text);
  md.appendMarkdown('\n\n');
  const status =
    f.status === 'overdue'
      ? vscode.l10n.t('Overdue action')
      : f.status === 'open'
        ? vscode.l10n.t('Open action')
        : f.status === 'planned'
          ? vscode.l10n.t('Offer: confirmation planned, not yet done')
          : vscode.l10n.t('Offer not yet confirmed');
  const rows: string[] = [status];
  if (f.customer) rows.push(vscode.l10n.t('Customer: {0}', f.customer));
  if (f.due) rows.push(vscode.l10n.t('Due: {0}', f.due));
  if (f.owner) rows.push(vscode.l10n.t('Owner: @{0}', f.owner));
  if (f.call) rows.push(f.callDate && !f.call.includes(f.callDate) ? vscode.l10n.t('Call: {0} ({1})', f.call, f.callDate) : vscode.l10n.t('Call: {0}', f.call));
  rows.push(`${vscode.workspace.asRelativePath(vscode.Uri.parse(f.file))}:${f.line}`);
  for (const row of rows) md.appendText(`${row}\n`).appendMarkdown('\n');
  return md;
}

import type { Connection } from 'vscode-languageserver';
import type { FollowUpFilter } from '../core/index.js';
import { FollowUpsChangedNotification, FollowUpsRequest, type FollowUpsParams, type FollowUpsResult } from '../protocol.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

/** How long changes are gathered before `mot/followUpsChanged` is sent: the initial read changes the list hundreds of times. */
const CHANGED_DELAY_MS = 250;

/**
 * `mot/followUps`: every open commitment of the workspace, as `mot followups`
 * lists them, and `mot/followUpsChanged` for a client that asked for it.
 */
export class FollowUpsFeature {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
    private readonly options: { notify: () => boolean; today: () => string },
  ) {}

  listen(): void {
    this.connection.onRequest(FollowUpsRequest, (params) => this.answer(params));
  }

  /** The list for the filters given; malformed filters are left out rather than failing the request. */
  answer(params: FollowUpsParams | null | undefined): FollowUpsResult {
    const filter = toFilter(params);
    const items = this.index.followUps(filter);
    const overdue = items.filter((f) => f.status === 'overdue').length;
    const whole = filter.owner || filter.customer || filter.dueBefore ? this.index.followUps().filter((f) => f.status === 'overdue').length : overdue;
    return { items, overdue, overdueInWorkspace: whole, today: this.options.today(), complete: this.index.complete };
  }

  /** The index changed: tells the client, once for a burst of changes. */
  changed(): void {
    if (!this.options.notify() || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connection.sendNotification(FollowUpsChangedNotification).catch(() => undefined);
    }, CHANGED_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

function toFilter(params: FollowUpsParams | null | undefined): FollowUpFilter {
  const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const date = typeof p.dueBefore === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.dueBefore) ? p.dueBefore : undefined;
  return { ...(text(p.owner) ? { owner: text(p.owner) } : {}), ...(text(p.customer) ? { customer: text(p.customer) } : {}), ...(date ? { dueBefore: date } : {}) };
}

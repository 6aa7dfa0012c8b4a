import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FollowUpsChangedNotification, FollowUpsRequest } from '../../../server/src/protocol.js';
import { markDone } from './markDone.js';
import { FollowUpsTree, type FollowUpNode, type GroupBy } from './tree.js';

/** The view's id (package.json `contributes.views`) and its container's. */
export const VIEW_ID = 'mot.followUps';
const CONTAINER_ID = 'mot-followups';
const GROUP_KEY = 'mot.followUps.groupBy';

/** What a test reaches of the view through the extension's exports. */
export interface FollowUpsApi {
  tree: FollowUpsTree;
  /** Asks the server for the list again and waits for it. */
  refresh(): Promise<void>;
}

/**
 * The Follow-ups view: its tree, the grouping switch, "Mark done", the badge
 * and the status bar item with the workspace's overdue count. The list comes
 * from the server (`mot/followUps`) and is asked again whenever the server
 * says it changed.
 */
export function registerFollowUps(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): FollowUpsApi {
  const tree = new FollowUpsTree();
  tree.groupBy = context.workspaceState.get<GroupBy>(GROUP_KEY) ?? 'due';
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('mot.overdue', vscode.StatusBarAlignment.Left, 50);
  status.name = vscode.l10n.t('MOT follow-ups');
  status.command = 'mot.followUps.show';
  void vscode.commands.executeCommand('setContext', GROUP_KEY, tree.groupBy);

  let asking: Promise<void> | null = null;
  let again = false;
  const refresh = async (): Promise<void> => {
    // One request at a time; a change during it asks once more after it.
    if (asking) {
      again = true;
      return asking;
    }
    asking = (async () => {
      do {
        again = false;
        const c = client();
        if (!c?.isRunning()) return;
        try {
          show(await c.sendRequest(FollowUpsRequest, {}));
        } catch (error) {
          c.error('mot/followUps failed', error, false);
        }
      } while (again);
    })().finally(() => (asking = null));
    return asking;
  };

  const show = (result: Parameters<FollowUpsTree['update']>[0]) => {
    tree.update(result);
    const overdue = result.overdueInWorkspace;
    view.badge = overdue ? { value: overdue, tooltip: vscode.l10n.t('{0} overdue follow-ups', overdue) } : undefined;
    view.message = result.complete ? undefined : vscode.l10n.t('Reading the call notes of the workspace…');
    if (!result.items.length) status.hide();
    else {
      status.text = overdue ? `$(warning) ${vscode.l10n.t('{0} overdue', overdue)}` : `$(checklist) ${vscode.l10n.t('{0} follow-ups', result.items.length)}`;
      status.tooltip = vscode.l10n.t('MOT: {0} open follow-ups in the workspace, {1} overdue. Click to show them.', result.items.length, overdue);
      status.show();
    }
  };

  const group = (by: GroupBy) => {
    tree.setGroupBy(by);
    void context.workspaceState.update(GROUP_KEY, by);
    void vscode.commands.executeCommand('setContext', GROUP_KEY, by);
  };

  context.subscriptions.push(
    view,
    status,
    vscode.commands.registerCommand('mot.followUps.refresh', () => refresh()),
    vscode.commands.registerCommand('mot.followUps.show', () => vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`)),
    vscode.commands.registerCommand('mot.followUps.groupByDue', () => group('due')),
    vscode.commands.registerCommand('mot.followUps.groupByCustomer', () => group('customer')),
    vscode.commands.registerCommand('mot.followUps.groupByOwner', () => group('owner')),
    vscode.commands.registerCommand('mot.followUps.markDone', async (node?: FollowUpNode) => {
      const target = node ?? view.selection[0];
      if (target?.kind !== 'item' || target.followUp.kind !== 'action') return;
      if (await markDone(target.followUp)) {
        tree.remove(target.followUp);
        void refresh();
      }
    }),
  );
  return { tree, refresh };
}

/** Listens for the server's `mot/followUpsChanged` on a started client. */
export function followUpsChanged(client: LanguageClient, refresh: () => Promise<void>): vscode.Disposable {
  return client.onNotification(FollowUpsChangedNotification, () => void refresh());
}

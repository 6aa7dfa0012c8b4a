import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentStatusRequest, OPEN_NOTE_COMMAND, ReportRequest, type ReportResult } from '../../../server/src/protocol.js';

/** The command that opens a customer's timeline (the customer lens runs it with the customer's name). */
export const SHOW_TIMELINE = 'mot.showTimeline';
const VIEW_TYPE = 'mot.timeline';

/** What a test reaches of the timeline through the extension's exports. */
export interface TimelineApi {
  /** Opens (or brings forward) the timeline of a customer; every customer's report when `customer` is null. */
  show(customer: string | null): Promise<vscode.WebviewPanel | undefined>;
  /** The panel shown, its customer and the HTML it was last given; undefined when closed. */
  current(): { panel: vscode.WebviewPanel; customer: string | null; html: string } | undefined;
  /** Asks the server again and redraws; resolves when the new page is set. */
  refresh(): Promise<void>;
}

interface Shown {
  panel: vscode.WebviewPanel;
  customer: string | null;
  html: string;
  stale: boolean;
}

/**
 * The customer timeline: `mot/report` for one customer, in a webview that
 * runs no script and loads nothing (its Content-Security-Policy allows only
 * its own style sheet); a call's link runs `mot.openNote`, the one command
 * the webview may run. One panel, reused, like the Markdown preview.
 */
export function registerTimeline(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): TimelineApi {
  let shown: Shown | undefined;

  const render = async (target: Shown): Promise<void> => {
    const c = client();
    if (!c?.isRunning()) return;
    let result: ReportResult;
    try {
      result = await c.sendRequest(ReportRequest, target.customer === null ? {} : { customer: target.customer });
    } catch (error) {
      c.error('mot/report failed', error, false);
      return;
    }
    if (shown !== target) return;
    target.panel.title = target.customer === null ? result.title : vscode.l10n.t('Timeline: {0}', result.title);
    target.html = page(result);
    target.panel.webview.html = target.html;
    target.stale = false;
  };

  const show = async (customer: string | null): Promise<vscode.WebviewPanel | undefined> => {
    if (shown) {
      shown.customer = customer;
      shown.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Customer timeline'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [OPEN_NOTE_COMMAND],
        localResourceRoots: [],
        enableFindWidget: true,
      });
      const mine: Shown = { panel, customer, html: '', stale: false };
      shown = mine;
      panel.onDidDispose(() => {
        if (shown === mine) shown = undefined;
      });
      // A change while the panel was hidden is drawn when it shows again.
      panel.onDidChangeViewState(() => {
        if (mine.stale && panel.visible) void render(mine);
      });
    }
    await render(shown);
    return shown?.panel;
  };

  const refresh = async (): Promise<void> => {
    if (!shown) return;
    if (!shown.panel.visible) {
      shown.stale = true;
      return;
    }
    await render(shown);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TIMELINE, async (customer?: unknown) => {
      const name = typeof customer === 'string' && customer.trim() ? customer : await pickCustomer(client());
      if (name !== undefined) await show(name);
    }),
    vscode.commands.registerCommand(OPEN_NOTE_COMMAND, async (uri?: unknown, line?: unknown) => {
      if (typeof uri !== 'string') return;
      const at = Math.max(0, (typeof line === 'number' ? line : 1) - 1);
      const beside = shown?.panel.viewColumn === vscode.ViewColumn.One;
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), {
        selection: new vscode.Range(at, 0, at, 0),
        viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.One,
      });
      editor.revealRange(new vscode.Range(at, 0, at, 0), vscode.TextEditorRevealType.AtTop);
    }),
    { dispose: () => shown?.panel.dispose() },
  );
  return { show, current: () => shown && { panel: shown.panel, customer: shown.customer, html: shown.html }, refresh };
}

/**
 * The customers to choose from: the open note's first, then every customer
 * of the workspace, then all of them at once. Undefined: the user gave up.
 */
async function pickCustomer(c: LanguageClient | undefined): Promise<string | null | undefined> {
  if (!c?.isRunning()) return undefined;
  const editor = vscode.window.activeTextEditor;
  const [status, report] = await Promise.all([
    editor ? c.sendRequest(DocumentStatusRequest, { uri: editor.document.uri.toString() }).catch(() => null) : Promise.resolve(null),
    c.sendRequest(ReportRequest, {}),
  ]);
  type Item = vscode.QuickPickItem & { key: string | null };
  const calls = (n: number) => (n === 1 ? vscode.l10n.t('1 call') : vscode.l10n.t('{0} calls', n));
  const items: Item[] = report.customers.map((k) => ({ label: k.label, description: calls(k.calls), key: k.key }));
  const own = status?.customer ? items.findIndex((i) => i.label.toLowerCase() === status.customer!.toLowerCase()) : -1;
  if (own > 0) items.unshift(...items.splice(own, 1));
  if (own >= 0) items[0]!.detail = vscode.l10n.t('The customer of the open note');
  items.push({ label: vscode.l10n.t('All customers'), description: calls(report.customers.reduce((n, k) => n + k.calls, 0)), key: null });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('MOT: Show Customer Timeline'),
    placeHolder: report.complete ? vscode.l10n.t('Whose timeline?') : vscode.l10n.t('Whose timeline? (the workspace is still being read)'),
    matchOnDescription: true,
  });
  return picked ? picked.key : undefined;
}

/** The page: the server's report in a document whose policy lets only its own style sheet in. */
function page(result: ReportResult): string {
  const nonce = randomBytes(16).toString('base64');
  const lang = vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const reading = result.complete ? '' : `<p class="muted">${escapeText(vscode.l10n.t('Reading the call notes of the workspace…'))}</p>`;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(result.title)}</title>
<style nonce="${nonce}">${result.style}</style>
</head>
<body>
${reading}${result.body}
</body>
</html>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

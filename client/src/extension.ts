import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

import { DocumentStatusRequest } from '../../server/src/protocol.js';
import { followUpsChanged, registerFollowUps, type FollowUpsApi } from './followUps/view.js';
import { registerTimeline, type TimelineApi } from './timeline/view.js';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

/** What the extension exports: the Follow-ups view and the customer timeline, for tests and other extensions. */
export interface MotApi {
  followUps: FollowUpsApi;
  timeline: TimelineApi;
}

/** Starts the bundled language server for Markdown files and wires the commands, the status bar, the Follow-ups view and the timeline. */
export async function activate(context: vscode.ExtensionContext): Promise<MotApi> {
  const output = vscode.window.createOutputChannel('MOT Call Notes', { log: true });
  context.subscriptions.push(output);

  status = vscode.window.createStatusBarItem('mot.status', vscode.StatusBarAlignment.Right, 100);
  status.name = vscode.l10n.t('MOT call notes');
  status.command = 'workbench.actions.view.problems';
  context.subscriptions.push(status);

  const followUps = registerFollowUps(context, () => client);
  const timeline = registerTimeline(context, () => client);
  context.subscriptions.push(
    vscode.commands.registerCommand('mot.restartServer', async () => {
      await client?.restart();
      void updateStatus();
      void followUps.refresh();
      void timeline.refresh();
    }),
    vscode.commands.registerCommand('mot.showOutput', () => output.show(true)),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) void updateStatus();
    }),
  );

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const config = vscode.workspace.getConfiguration('mot');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
    ],
    outputChannel: output,
    initializationOptions: {
      // The display language decides the messages unless `mot.locale` says otherwise.
      locale: vscode.env.language,
      today: config.get<string>('today') || undefined,
      // The Follow-ups view asks for the list again when the server says it changed.
      followUpsChanged: true,
      // The customer lens runs `mot.showTimeline`, which this extension has.
      customerTimeline: true,
    },
  };
  client = new LanguageClient('mot', 'MOT Call Notes', serverOptions, clientOptions);
  // Any change of the notes may change the list and the timeline alike.
  context.subscriptions.push(followUpsChanged(client, async () => void (await Promise.all([followUps.refresh(), timeline.refresh()]))));
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  void updateStatus();
  void followUps.refresh();
  return { followUps, timeline };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!status) return;
  if (!client || !editor || editor.document.languageId !== 'markdown') {
    status.hide();
    return;
  }
  try {
    const s = await client.sendRequest(DocumentStatusRequest, { uri: editor.document.uri.toString() });
    if (!s || !s.isCallNote) {
      status.hide();
      return;
    }
    status.text = s.openOffers
      ? `$(checklist) ${vscode.l10n.t('{0} open offers', s.openOffers)}`
      : `$(pass) ${vscode.l10n.t('All offers confirmed')}`;
    status.tooltip = vscode.l10n.t('MOT: {0} calls, {1} offers not yet confirmed, {2} findings', s.calls, s.openOffers, s.findings);
    status.show();
  } catch {
    status.hide();
  }
}

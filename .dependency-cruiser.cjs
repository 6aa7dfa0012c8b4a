// The import rules of the code base, checked by test/architecture.test.ts in
// `npm test` (and by hand: npx depcruise server/src client/src). The layers:
// server/src/core is the analysis and knows no editor, protocol or Node API;
// server/src/lsp and server/src/cli translate it, each on its own;
// server/src/node holds what both need of the file system; client/src is the
// VS Code client and shares only the protocol module with the server.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle ties modules together: none can be read, tested or moved alone. Type-only imports count.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-no-editor-api',
      severity: 'error',
      comment:
        'server/src/core runs anywhere (the CLI, the server, tests in process): no VS Code or LSP package, not even ' +
        'for types; the core speaks in its own spans and findings.',
      from: { path: '^server/src/core/' },
      to: {
        path: '^(vscode|vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc)(/|$)|(^|/)node_modules/(@types/)?(vscode|vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc)/',
      },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      comment: "server/src/core uses no Node built-in (fs, node:path, …) today, and need not: the file system is server/src/node's.",
      from: { path: '^server/src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-is-the-bottom-layer',
      severity: 'error',
      comment: 'The core imports nothing from the layers that use it.',
      from: { path: '^server/src/core/' },
      to: { path: '^(server/src/(lsp|cli|node)/|server/src/server\\.ts$|client/)' },
    },
    {
      name: 'cli-not-lsp',
      severity: 'error',
      comment: 'The CLI and the language server are two translations of the core; what both need goes in core or node.',
      from: { path: '^server/src/cli/' },
      to: { path: '^server/src/lsp/' },
    },
    {
      name: 'lsp-not-cli',
      severity: 'error',
      comment: 'The CLI and the language server are two translations of the core; what both need goes in core or node.',
      from: { path: '^server/src/lsp/' },
      to: { path: '^server/src/cli/' },
    },
    {
      name: 'client-only-protocol',
      severity: 'error',
      comment: 'The client runs in the extension host; of the server it shares only the protocol declarations (server/src/protocol.ts).',
      from: { path: '^client/' },
      to: { path: '^server/', pathNot: '^server/src/protocol\\.ts$' },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      comment: 'The server runs in every editor; it never needs the VS Code client.',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'product-not-tests',
      severity: 'error',
      comment: 'What ships never imports tests, benchmarks or scripts.',
      from: { path: '^(server|client)/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    // Only the product's own modules are walked; packages are leaves.
    doNotFollow: { path: '(^|/)node_modules/' },
    // Type-only imports are dependencies too (the Analysis cycle is one).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

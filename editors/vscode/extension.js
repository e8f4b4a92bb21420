// The ibdsl extension: the grammar highlights .ib files, and `ibdsl lsp` (started here over
// stdio) gives diagnostics, hover, completion, definitions, symbols and formatting.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("ibdsl");
  const [command, ...args] = settings.get("server.command", ["ibdsl", "lsp"]);
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient(
    "ibdsl",
    "ibdsl",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "ibdsl" }],
      initializationOptions: { rulesUrl: settings.get("rulesUrl") || undefined },
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.ib,.ibdsl.toml,ibdsl.toml,pyproject.toml}") },
    },
  );
  context.subscriptions.push(client);
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `ibdsl: cannot start \`${[command, ...args].join(" ")}\` (${error.message}). ` +
        "Install the server with pip install 'ibdsl[lsp]', or set ibdsl.server.command.",
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

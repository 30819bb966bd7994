/**
 * Entry of the language server bundle (dist/server.js). Speaks LSP over
 * stdio (`--stdio`, for Neovim, Helix, Zed and tests), node IPC (VS Code's
 * default for a Node module) or sockets, as vscode-languageserver decides
 * from the command line. The same bundle, started as a worker thread, runs
 * one scenario and exits.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serveWorker } from './scenarioRunner';
import { startServer } from './server';

if (!serveWorker()) startServer(createConnection(ProposedFeatures.all));

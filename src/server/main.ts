/**
 * Entry of the language server bundle (dist/server.js). Speaks LSP over
 * stdio (`--stdio`, for Neovim, Helix, Zed and tests), node IPC (VS Code's
 * default for a Node module) or sockets, as vscode-languageserver decides
 * from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));

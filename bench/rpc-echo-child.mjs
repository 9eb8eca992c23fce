// Bare vscode-jsonrpc peer over the fork IPC channel: answers `echo` with its params, nothing else.
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node.js';

const connection = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
connection.onRequest('echo', (params) => params);
connection.onClose(() => process.exit(0));
connection.listen();

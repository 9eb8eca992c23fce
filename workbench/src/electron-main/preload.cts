// Sandboxed preload (CommonJS is the only form a sandboxed preload may take). The page talks to the kernel over
// HTTP like any browser tab; it only needs to know that it runs inside the desktop shell.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- electron (optional) ships no types here; require is what a sandboxed preload has
const { contextBridge } = require('electron') as { contextBridge: { exposeInMainWorld(key: string, api: object): void } };

contextBridge.exposeInMainWorld('timelockerDesktop', Object.freeze({ shell: 'electron' }));

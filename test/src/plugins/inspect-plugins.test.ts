import { expect } from 'chai';
import { TestWorkspace } from '../support/workspace.js';

/** `timelocker --inspect-plugins` starts the plugin host under Node's inspector and says where to attach. */
describe('--inspect-plugins (real serve, real plugin host)', function () {
  this.timeout(60_000);
  let ws: TestWorkspace;

  before(async () => {
    ws = await TestWorkspace.create();
  });
  after(() => ws?.remove());

  it('prints the inspector URL of the plugin host, which answers as a debug target running the host', async () => {
    const running = ws.spawn(['--inspect-plugins', '0', 'serve', '--no-open', '--port', '0']);
    try {
      // Both lines: the inspector's (stderr) and the workbench's (stdout, once it handles Ctrl-C).
      const output = (stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> => new Promise((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no ${String(pattern)} within 30 s:\n${text}`)), 30_000);
        stream.on('data', (chunk: Buffer | string) => {
          text += String(chunk);
          const found = pattern.exec(text)?.[1];
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      });
      const [url] = await Promise.all([
        output(running.child.stderr!, /Plugin host inspector listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/),
        output(running.child.stdout!, /TimeLocker workbench: (http\S+)/),
      ]);
      const port = new URL(url).port;
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ url: string; webSocketDebuggerUrl: string }>;
      expect(targets).to.have.length(1);
      expect(targets[0]!.url).to.match(/plugin-host\/dist\/main\.js$/);
      expect(targets[0]!.webSocketDebuggerUrl).to.equal(url);
    } finally {
      const exited = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGINT');
      await exited;
    }
  });
});

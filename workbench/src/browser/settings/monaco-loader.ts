import type * as Monaco from 'monaco-editor';

let loading: Promise<typeof Monaco> | undefined;

/** Loads monaco on first use (it is most of the bundle) and points it at the separately bundled workers. */
export function loadMonaco(): Promise<typeof Monaco> {
  loading ??= (async () => {
    (self as unknown as { MonacoEnvironment: Monaco.Environment }).MonacoEnvironment = {
      getWorker: (_id, label) => new Worker(new URL(label === 'json' ? 'json.worker.js' : 'editor.worker.js', document.baseURI), { name: label }),
    };
    return import('monaco-editor');
  })();
  return loading;
}

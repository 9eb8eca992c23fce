// Bundles the workbench UI (lit + monaco) into dist/browser: the page, its code split so that monaco loads only
// when the settings editor opens (first render stays small), and monaco's workers as separate scripts.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const workbench = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${workbench}/dist/browser`;
const common = {
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'chrome120',
  tsconfig: `${workbench}/tsconfig.browser.json`,
  loader: { '.ttf': 'file' },
  logLevel: 'warning',
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { app: `${workbench}/src/browser/app.ts` },
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
  }),
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/editor/editor.worker',
      'json.worker': 'monaco-editor/languages/features/json/json.worker',
    },
    outdir,
    format: 'iife',
  }),
]);
await copyFile(`${workbench}/src/browser/index.html`, `${outdir}/index.html`);
await copyFile(`${workbench}/src/browser/favicon.svg`, `${outdir}/favicon.svg`);

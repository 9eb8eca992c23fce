#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): the ES module loader cost every command ~10 ms before its first line ran. It requires a
// small CommonJS bundle (see scripts/bundle.mjs), which skips the module loader's cost per file.
const { runCli } = require('../dist/cli/cli-entry.cjs');

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

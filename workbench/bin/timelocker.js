#!/usr/bin/env node
import { createRequire } from 'node:module';

// A small CommonJS bundle (see scripts/bundle.mjs): required, it skips the ES module loader's cost per file.
const { runCli } = createRequire(import.meta.url)('../dist/cli/cli-entry.cjs');

process.exitCode = await runCli(process.argv.slice(2));

#!/usr/bin/env node
import { loadBundledCli } from '../dist/cli/bundled-cli.js';

process.exitCode = await loadBundledCli().main(process.argv.slice(2));

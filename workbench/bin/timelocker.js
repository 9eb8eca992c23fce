#!/usr/bin/env node
import { main } from '../dist/timelocker.js';

process.exitCode = await main(process.argv.slice(2));

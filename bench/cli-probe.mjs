// Runs one `timelocker` command in this process (as bin/timelocker.js does) and writes its peak RSS and CPU time to
// $TIMELOCKER_BENCH_PROBE_OUT; the caller times the whole process from outside.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { runCli } = createRequire(import.meta.url)('../workbench/dist/cli/cli-entry.cjs');

const code = await runCli(process.argv.slice(2));
const usage = process.resourceUsage();
writeFileSync(process.env.TIMELOCKER_BENCH_PROBE_OUT, JSON.stringify({ code, maxRssBytes: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
process.exit(code);

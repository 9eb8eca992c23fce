import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

const MB = 1024 * 1024;

export const format = {
  ms: (v) => `${v.toFixed(0)} ms`,
  msFine: (v) => `${v.toFixed(2)} ms`,
  pct: (v) => `${v.toFixed(2)} %`,
  s: (v) => `${(v / 1000).toFixed(2)} s`,
  us: (v) => `${v.toFixed(1)} µs`,
  mb: (v) => `${(v / MB).toFixed(1)} MiB`,
  ratio: (v) => `${v.toFixed(3)}×`,
};

/** A row compared against a goal; `met` is computed, never passed in. */
export function goalRow(benchmark, timelocker, baseline, comparison, goal, met) {
  return { benchmark, timelocker, baseline, comparison, goal, met: met ? 'yes' : '**NO**' };
}

/** A row shown for context (breakdowns, references) without a goal of its own. */
export function infoRow(benchmark, timelocker, baseline, comparison) {
  return { benchmark, timelocker, baseline, comparison, goal: '—', met: 'info' };
}

/** A benchmark that threw: shown (and counted as missed) instead of silently dropped. */
export function failedRow(benchmark, error) {
  const reason = String(error?.message ?? error).split('\n')[0].slice(0, 160);
  return { benchmark, timelocker: 'failed', baseline: '—', comparison: reason, goal: '—', met: '**FAILED**' };
}

export function machineDescription() {
  const restic = execFileSync('/usr/bin/restic', ['version'], { encoding: 'utf8' }).trim();
  return { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', restic, node: process.version };
}

// A `|` inside a cell (e.g. in an error message) would split the cell.
const cell = (text) => String(text).replaceAll('|', '\\|');

export function renderTable(rows) {
  const header = ['Benchmark', 'TimeLocker', 'Baseline', 'Ratio / overhead', 'Goal', 'Met?'];
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map((r) => line([r.benchmark, r.timelocker, r.baseline, r.comparison, r.goal, r.met])),
  ].join('\n');
}

/** One table per section (`{ title, rows }`), each under its own `###` header. */
export function renderSections(sections) {
  return sections.map((section) => `### ${section.title}\n\n${renderTable(section.rows)}`).join('\n\n');
}

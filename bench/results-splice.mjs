// `BENCH_ONLY=a,b npm run bench` re-measures some benchmarks: their sections replace (or join) those in the existing
// bench/RESULTS.md, which says which sections were re-measured when, and under what load.

/**
 * The `### title` heading and its table in `markdown` (up to the table's last row), or undefined. Notes written under a
 * table stay where they are when the table is re-measured.
 */
function sectionBounds(markdown, title) {
  const start = markdown.indexOf(`### ${title}\n`);
  if (start < 0) return undefined;
  const lines = markdown.slice(start).split('\n');
  let last = 1;
  while (last < lines.length && !lines[last].startsWith('|') && lines[last] === '') last++;
  while (last + 1 < lines.length && lines[last + 1].startsWith('|')) last++;
  return { start, end: start + lines.slice(0, last + 1).join('\n').length };
}

/** Benchmarks of every table in `markdown` whose goal was missed or that failed to run. */
function missedRows(markdown) {
  return markdown.split('\n').filter((line) => /^\| .* \| \*\*(NO|FAILED)\*\* \|$/.test(line)).map((line) => {
    const cells = line.split(' | ');
    return `${cells[0].slice(2)}${line.endsWith('**FAILED** |') ? ' (failed to run)' : ''}`;
  });
}

export function spliceSections(previous, rendered, note) {
  let markdown = previous;
  for (const { title, text } of rendered) {
    const bounds = sectionBounds(markdown, title);
    if (bounds) markdown = `${markdown.slice(0, bounds.start)}${text.trimEnd()}${markdown.slice(bounds.end)}`;
    else markdown = markdown.replace('\nGoals missed', `\n${text}\n\nGoals missed`);
  }
  const missed = missedRows(markdown);
  markdown = markdown.replace(/^Goals missed: .*$/m, `Goals missed: ${missed.length ? missed.join('; ') : 'none'}.`);
  return markdown.replace(/^(Machine: .*\n.*\n(?:Re-measured: .*\n)*)/m, (header) => `${header}Re-measured: ${note}\n`);
}

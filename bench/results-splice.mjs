// `BENCH_ONLY=a,b npm run bench` re-measures some benchmarks: their sections replace (or join) those in the existing
// bench/RESULTS.md, which says which sections were re-measured when, and under what load.

/** The `### title` block of `markdown` (up to the next section or the "Goals missed" line), or undefined. */
function sectionBounds(markdown, title) {
  const start = markdown.indexOf(`### ${title}\n`);
  if (start < 0) return undefined;
  const rest = markdown.slice(start + 4);
  const ends = [rest.indexOf('\n### '), rest.indexOf('\nGoals missed')].filter((i) => i >= 0);
  return { start, end: start + 4 + Math.min(...ends) };
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
    if (bounds) markdown = `${markdown.slice(0, bounds.start)}${text}\n${markdown.slice(bounds.end)}`;
    else markdown = markdown.replace('\nGoals missed', `\n${text}\n\nGoals missed`);
  }
  const missed = missedRows(markdown);
  markdown = markdown.replace(/^Goals missed: .*$/m, `Goals missed: ${missed.length ? missed.join('; ') : 'none'}.`);
  return markdown.replace(/^(Machine: .*\n.*\n(?:Re-measured: .*\n)*)/m, (header) => `${header}Re-measured: ${note}\n`);
}

/**
 * `semola sweep report ID` as Markdown: the statistics per grid point (jobs/sweep/report: mean +- std
 * over seeds of every metric, what the seeds found, the best point) in the reproduce tables' format.
 */
import { MAIN_SWEEP_METRICS, type Stat, type SweepReport } from '../../jobs/sweep/report';

export { answerOf, summaryMetrics, sweepReport, type SweepPointRow, type SweepReport } from '../../jobs/sweep/report';

function pm(s: Stat | null | undefined, digits = 3): string {
  if (!s) return '-';
  return `${s.mean.toPrecision(digits)} +- ${s.std.toPrecision(2)}`;
}

export function sweepMarkdown(r: SweepReport): string {
  const present = (MAIN_SWEEP_METRICS as readonly string[]).filter((m) => r.table.some((row) => row.metrics[m]));
  if (!present.includes(r.bestBy.metric) && r.table.some((row) => row.metrics[r.bestBy.metric])) present.unshift(r.bestBy.metric);
  const lines = [
    `# semola sweep ${r.sweep.id}: ${r.sweep.name}`,
    '',
    `- spec: ${r.sweep.spec ? `\`${r.sweep.spec}\`` : '-'}; executor ${r.sweep.executor}; seeds ${r.seeds.join(', ')}; ${r.date}`,
    `- best grid point by ${r.bestBy.metric} (${r.bestBy.smallerIsBetter ? 'smaller' : 'larger'} is better): ${r.best ? `${r.best.point} (${r.best.label}), mean ${r.best.mean.toPrecision(4)}` : 'none (no done run has it)'}`,
    '',
    'Mean +- std over the seeds whose run is done (sample std, n - 1). Found: what each seed\'s verdict said, with how many seeds said it. Every other metric of the summaries is in the JSON.',
    '',
    `| point | settings | done | ${present.join(' | ')} | found |`,
    `|---|---|---|${present.map(() => '---|').join('')}---|`,
  ];
  for (const row of r.table) {
    lines.push(`| ${row.point} | ${row.label} | ${row.done}/${row.of} | ${present.map((m) => pm(row.metrics[m])).join(' | ')} | ${row.found.map((f) => `${f.answer} ${f.seeds}/${f.of}`).join(', ') || '-'} |`);
  }
  if (r.missing.length > 0) {
    lines.push('', '## Tasks without a result', '', '| task | point | seed | status | reason |', '|---|---|---|---|---|');
    for (const m of r.missing) lines.push(`| ${m.task} | ${m.point} | ${m.seed} | ${m.status} | ${m.reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

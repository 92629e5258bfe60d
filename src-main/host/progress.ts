/** A one-line progress bar with ETA on stderr (a plain line per epoch when stderr is not a terminal). */
export class ProgressBar {
  /** Started when the work starts (before loading data), so the first ETA already counts set-up. */
  private readonly start = Date.now();
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, total: number, text: string): void {
    const elapsed = (Date.now() - this.start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
    const width = 24;
    const filled = Math.round((width * done) / total);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const line = `${bar} ${done}/${total} ${text}  elapsed ${formatDuration(elapsed)}  ETA ${Number.isFinite(eta) ? formatDuration(eta) : '--'}`;
    if (this.stream.isTTY) this.stream.write(`\r${line}\x1b[K${done === total ? '\n' : ''}`);
    else this.stream.write(`${line}\n`);
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

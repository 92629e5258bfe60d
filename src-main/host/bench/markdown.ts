/** bench.md: the report as a table a person reads; bench.json holds the same numbers for tools. */
import type { KernelProfile } from './kernel-profile';
import type { BenchReport, MeasuredBackend } from './types';

/** A table cell: pipes would end the cell, newlines the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function epochCell(b: MeasuredBackend): string {
  const measured = `${b.secondsPerEpoch}`;
  return b.estimatedFullEpochSeconds === undefined ? measured : `${measured} (${b.stepsPerEpoch}-step epoch; full epoch ≈ ${b.estimatedFullEpochSeconds})`;
}

function profileLines(backend: string, recipe: string, p: KernelProfile): string[] {
  return [
    `Per kernel, ${backend}, ${recipe} recipe (tf.profile over ${p.steps} steps of ${p.dataset}; kernels of the epoch-end validation pass included): ` +
      `${p.kernelMsPerStep} ms of kernels per step, ${p.wallMsPerStep} ms wall per step while profiling:`,
    '',
    '| Kernel | Calls/step | ms/step | Share |',
    '|---|---:|---:|---:|',
    ...p.rows.map((row) => `| ${row.kernel} | ${row.callsPerStep} | ${row.msPerStep} | ${(100 * row.share).toFixed(1)} % |`),
    ...(p.otherKernels > 0 ? [`| ${p.otherKernels} other kernels | | | ${(100 * p.otherShare).toFixed(1)} % |`] : []),
  ];
}

function peerLines(r: BenchReport): string[] {
  const p = r.peer!;
  const title = 'Against a PyTorch peer (`bench/peer/semola_step.py`: the same step, sizes and loss terms; one thread each):';
  if (p.status !== 'measured') return [title, '', `Not measured (${p.status}): ${cell(p.reason)}`];
  const plain = p.rows.some((row) => row.plainMsPerStep !== undefined);
  return [
    title,
    '',
    `| Recipe | This engine, wasm, ms/step | PyTorch, ms/step | PyTorch CPU s per wall s | Ratio (ours / PyTorch) |${plain ? ' Plain step, ms/step | Plain ratio |' : ''}`,
    `|---|---:|---:|---:|---:|${plain ? '---:|---:|' : ''}`,
    ...p.rows.map((row) => `| ${row.recipe} | ${row.oursMsPerStep} | ${row.peerMsPerStep} | ${row.peerCpuPerWall ?? ''} | ${row.ratio} |${plain ? ` ${row.plainMsPerStep ?? ''} | ${row.plainRatio ?? ''} |` : ''}`),
    '',
    ...p.notes.map((n) => `- ${cell(n)}`),
  ];
}

export function renderMarkdown(r: BenchReport): string {
  const measured = r.backends.filter((b): b is MeasuredBackend => b.status === 'measured');
  const others = r.backends.filter((b) => b.status !== 'measured');
  const c = r.config;
  const lines = [
    '# SEMoLA Workbench benchmark',
    '',
    `Command: \`${r.command}\``,
    '',
    `- Date: ${r.date}`,
    `- Machine: ${r.machine}; ${r.cpuModel}, ${r.cpuCores} cores; ${r.memoryGiB} GiB`,
    `- Load average (1 min) at start ${r.loadAverage.start}, at end ${r.loadAverage.end} on ${r.cpuCores} cores${r.loadAverage.start >= 0.5 || r.loadAverage.end >= 0.5 ? ': other work shared the cores, so every figure here is slower than on a quiet machine' : ''}`,
    `- Node ${r.nodeVersion}; TensorFlow.js ${r.tfjsVersion ?? 'not loaded'}`,
    `- Configuration: the default (method ${c.method}, k = ${c.k}, MLP ${c.hidden.join('-')}, batch ${c.batchSize}, nAug ${c.nAug}); ` +
      `${c.epochsRun} epochs run, the first discarded as warm-up`,
    `- Dataset: ${r.dataset}`,
    ...(r.quick ? ['- Quick run: reduced sizes, for checking that the benchmark works; not for comparison'] : []),
    '',
  ];
  if (measured.length > 0) {
    lines.push(
      '| Backend | Detail | Steps/s | Seconds/epoch | Steps/epoch | Samples/epoch | Batch | Setup s | expm ms |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
      ...measured.map(
        (b) =>
          `| ${b.name} | ${cell(b.detail)} | ${b.stepsPerSecond} | ${cell(epochCell(b))} | ${b.stepsPerEpoch} | ${b.samplesPerEpoch} | ` +
          `${b.batchSize} | ${b.setupSeconds} | ${b.expmMs} |`,
      ),
      '',
      `Setup s: the Trainer constructor (tensors, scales, model, tangent estimation). ` +
        `expm ms: one forward+backward matrix exponential of ${measured[0]!.expmBatch} ${measured[0]!.expmDim}x${measured[0]!.expmDim} matrices, median of ${measured[0]!.expmRepeats} calls.`,
      '',
      ...measured
        .filter((b) => b.imageStepSeconds !== undefined)
        .map((b) => `- Image step (${b.name}): ${b.imageStepSeconds} s per SEMoLA step on 28 x 28 images, CNN, batch ${b.imageStepBatch}, ${b.imageStepCopies} augmented copies.`),
      ...(measured.some((b) => b.imageStepSeconds !== undefined) ? [''] : []),
    );
    const notes = measured.flatMap((b) => [
      ...b.notes.map((n) => `- ${b.name}: ${n}`),
      ...b.fallbacks.map((f) => `- ${b.name}: tried ${f.name} first, not used: ${cell(f.reason)}`),
    ]);
    if (notes.length > 0) lines.push('Notes:', '', ...notes, '');
  }
  if (r.peer) lines.push(...peerLines(r), '');
  for (const b of measured) if (b.profile) lines.push(...profileLines(b.name, b.preset, b.profile), '');
  if (r.peer?.status === 'measured' && r.peer.paperProfile) lines.push(...profileLines('wasm', 'paper', r.peer.paperProfile), '');
  if (r.imports && r.imports.length > 0) {
    const run = r.importsRun;
    const raw = r.imports.filter((i) => i.rawRead);
    lines.push(
      'Dataset import (`importDataset`: read, parse, pack, hash, split; inputs generated into a temporary folder):',
      '',
      ...(run
        ? [
            `Measured on their own (\`${run.command}\`), ${run.date}; load average (1 min) at start ${run.loadAverage.start}, at end ${run.loadAverage.end} on ${r.cpuCores} cores` +
              `${run.loadAverage.start >= 0.5 || run.loadAverage.end >= 0.5 ? ': other work shared the cores, so the wall times are slower than on a quiet machine (CPU seconds count this process only)' : ''}.`,
            '',
          ]
        : []),
      '| Input | Samples | Seconds (wall) | CPU seconds | Throughput (wall) | Import MB/s | Raw read MB/s (s) |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...r.imports.map(
        (i) =>
          `| ${cell(i.name)}: ${cell(i.input)} | ${i.samples} | ${i.seconds} | ${i.cpuSeconds} | ${i.perSecond} ${i.unit} | ${i.megabytesPerSecond ?? ''} | ${i.rawRead ? `${i.rawRead.megabytesPerSecond} (${i.rawRead.seconds})` : ''} |`,
      ),
      '',
      ...(raw.length > 0 ? ['MB: 10^6 bytes of input. Raw read: ' + raw.map((i) => `${cell(i.name)}, ${cell(i.rawRead!.method)}`).join('; ') + '; the files were just written, so they come from the page cache (nothing dropped).', ''] : []),
    );
  }
  if (r.starts) {
    const st = r.starts;
    lines.push(
      `Several starts (\`semola train --starts N\`: one trainer process per start, at most cores - 1 at once; ${st.dataset}, ${st.epochs} epochs, MLP ${st.hidden.join('-')}, ${st.backend}):`,
      '',
      ...(r.startsRun ? [`Measured by an earlier run (\`${r.startsRun.command}\`), ${r.startsRun.date}; load average (1 min) at start ${r.startsRun.loadAverage.start}, at end ${r.startsRun.loadAverage.end}.`, ''] : []),
      ...(st.rows.length > 0 ? ['| Starts | At once | Wall seconds | Relative to one start |', '|---:|---:|---:|---:|', ...st.rows.map((row) => `| ${row.starts} | ${row.parallel} | ${row.wallSeconds} | ${row.relative} |`)] : []),
      ...(st.error ? [`Not measured: ${cell(st.error)}`] : []),
      '',
    );
  }
  if (others.length > 0) {
    lines.push('Not measured:', '', ...others.map((b) => `- ${b.name} (${b.status}): ${cell(b.reason)}`), '');
  }
  return lines.join('\n');
}

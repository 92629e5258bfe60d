/** Generated extended XYZ trajectories for tests and timing, written the way ASE writes them. */
import { Rng } from '../../../src-main/data/random';

/** Deterministic pseudo-random numbers in [0, 1) (the project's seeded Rng). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const SPECIES = ['C', 'C', 'C', 'N', 'O', 'H', 'H', 'H', 'H', 'H'];

export interface FrameStyle {
  /** Decimals of the per-atom reals (ASE writes 8). */
  decimals: number;
  /** Each real right-aligned in this many characters (ASE: 16); 0 for single spaces. */
  width: number;
}

/** How ASE writes: `%16.8f`. */
export const ASE_STYLE: FrameStyle = { decimals: 8, width: 16 };

/** The text of one ASE-style frame: Lattice, Properties species/pos/forces, energy, step, pbc. */
export function extxyzFrame(index: number, atoms: number, r: () => number, style: FrameStyle = ASE_STYLE): string {
  const f = (v: number): string => (style.width > 0 ? v.toFixed(style.decimals).padStart(style.width) : ` ${v.toFixed(style.decimals)}`);
  const lines = [
    String(atoms),
    `Lattice="10.0 0.0 0.0 0.0 10.0 0.0 0.0 0.0 10.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=${(-100 - r() * 10).toFixed(8)} step=${index} pbc="T T T"`,
  ];
  for (let a = 0; a < atoms; a++) {
    const s = SPECIES[(a * 7 + index) % SPECIES.length]!;
    lines.push(`${s.padEnd(2)} ${f(r() * 10)}${f(r() * 10)}${f(r() * 10)}${f(r() - 0.5)}${f(r() - 0.5)}${f(r() - 0.5)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A whole trajectory as UTF-8 bytes, encoded a few thousand frames at a time. */
export function generateExtxyz(frames: number, atoms: number, seed = 1, style: FrameStyle = ASE_STYLE): Uint8Array {
  const r = rng(seed);
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let start = 0; start < frames; start += 2000) {
    let text = '';
    for (let i = start; i < Math.min(frames, start + 2000); i++) text += extxyzFrame(i, atoms, r, style);
    const b = enc.encode(text);
    parts.push(b);
    total += b.length;
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A readable reason for a trainer that ended without `done`. */
import type { TrainerExit } from './launcher';

const OUT_OF_MEMORY = /heap out of memory|Allocation failed|out of memory|OOM|ResourceExhausted|ENOMEM/i;

/** Stack frames and crash-dump banners say where, not why: keep the messages. */
const NOISE = /^(\d+: |at |-{3,}|=+|#\d|<--- |Security context|\[\d+:0x)/;

function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !NOISE.test(l))
    .slice(-n)
    .join(' | ');
}

export function exitReason(exit: TrainerExit): string {
  const tail = lastLines(exit.stderr, 3);
  const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
  if (OUT_OF_MEMORY.test(exit.stderr)) return `the trainer ran out of memory (${how})${tail ? `: ${tail}` : ''}`;
  if (exit.signal === 'SIGKILL') return `the trainer process was killed by SIGKILL before finishing (by another process or the system's out-of-memory killer)`;
  return `the trainer process ${how} before finishing${tail ? `: ${tail}` : ''}`;
}

/** An error the trainer reported, with out-of-memory made explicit. */
export function errorReason(message: string): string {
  return OUT_OF_MEMORY.test(message) && !/out of memory/i.test(message) ? `the trainer ran out of memory: ${message}` : message;
}

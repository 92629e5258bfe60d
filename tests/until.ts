/**
 * Waits for something a test expects to happen soon (a reply, a timer, a process exit): polls
 * every 10 ms and resolves once `done()` holds, or after `ms` anyway, when the caller's assertion
 * then fails. Fixed sleeps failed when another test file loaded the cores.
 */
export async function until(done: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

/** `until` for an asynchronous condition. */
export async function untilAsync(done: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

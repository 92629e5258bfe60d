/**
 * Entry of a benchmark child process (forked by spawn.ts with tsx as loader): measures the one
 * backend named in its JSON argument and sends the result to the parent over IPC.
 */
import { measureBackend } from './measure';
import { isBenchBackend, PEER_RECIPES, type BackendResult, type ChildMessage, type ChildRequest } from './types';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error('the benchmark child must be started with an IPC channel');
    process.send(message, undefined, {}, () => resolve());
  });
}

function parseRequest(arg: string | undefined): ChildRequest {
  const parsed = JSON.parse(arg ?? '{}') as Partial<ChildRequest>;
  if (typeof parsed.backend !== 'string' || !isBenchBackend(parsed.backend)) {
    throw new Error(`benchmark child: unknown backend ${JSON.stringify(parsed.backend)}`);
  }
  const preset = parsed.preset === undefined ? {} : PEER_RECIPES.includes(parsed.preset) ? { preset: parsed.preset } : null;
  if (!preset) throw new Error(`benchmark child: unknown preset ${JSON.stringify(parsed.preset)}`);
  return { backend: parsed.backend, quick: parsed.quick === true, ...preset, ...(parsed.plainStep === true ? { plainStep: true } : {}) };
}

async function main(): Promise<void> {
  const request = parseRequest(process.argv[2]);
  let result: BackendResult;
  try {
    result = await measureBackend(request, (line) => void send({ type: 'log', line }));
  } catch (e) {
    result = { name: request.backend, status: 'failed', reason: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
  await send({ type: 'result', result });
  // Native backends may keep threads alive; the result is delivered, so nothing is left to wait for.
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});

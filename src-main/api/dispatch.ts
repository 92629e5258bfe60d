/**
 * Turns the service's handlers into one entry point that both transports call with untrusted input:
 * the method name is checked against the contract, the input parsed by its schema (defaults filled
 * in), and the output checked too, so a bug in the service cannot send the renderer a malformed value.
 */
import type { z } from 'zod';
import { METHODS, type ApiHandlers, type WireResult } from './contract';
import { ApiError, toWireError } from './errors';
import { isMethodName, type MethodName } from './names';

export type Dispatch = (method: unknown, input: unknown) => Promise<WireResult<unknown>>;

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(input)', message: issue.message }));
}

export function describeIssues(method: string, issues: { path: string; message: string }[]): string {
  return `${method}: invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}

export function createDispatch(handlers: ApiHandlers): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown-method', message: `unknown method ${JSON.stringify(String(method)).slice(0, 80)}` } };
    }
    const spec = METHODS[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return { ok: false, error: { code: 'invalid-input', message: describeIssues(method, issues), issues } };
    }
    try {
      const handler = handlers[method] as (args: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        throw new ApiError('failed', `${method}: the service produced an invalid result (${describeIssues(method, issuesOf(checked.error))})`);
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  };
}

export type { MethodName };

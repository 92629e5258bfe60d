/** Turns a transport's WireResult into a value or a thrown ApiCallError, the same for every transport. */
import type { WireError, WireResult } from '../../../src-main/api/contract';

export class ApiCallError extends Error {
  constructor(
    readonly code: WireError['code'],
    message: string,
    readonly issues: WireError['issues'] = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export function unwrap<T>(result: WireResult<unknown>): T {
  if (result.ok) return result.value as T;
  throw new ApiCallError(result.error.code, result.error.message, result.error.issues);
}

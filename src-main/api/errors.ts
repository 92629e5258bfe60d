/** Errors the service raises on purpose, with the code the transports pass on. */
import type { WireError } from './contract';

export class ApiError extends Error {
  constructor(
    readonly code: WireError['code'],
    message: string,
    readonly issues?: WireError['issues'],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: number | string): ApiError => new ApiError('not-found', `${what} ${id} does not exist`);

/** Any thrown value as a WireError; unexpected errors keep their message (it names the file, line, value). */
export function toWireError(error: unknown): WireError {
  if (error instanceof ApiError) return { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
  return { code: 'failed', message: error instanceof Error ? error.message : String(error) };
}

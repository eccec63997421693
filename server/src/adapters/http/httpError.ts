import type { Response } from 'express';
import { ERRORS, type ErrorCode, type HttpErrorResponse, errorOf, fieldOf, isRetryable } from '@circle/shared';

/** A refusal a route throws: the error table turns its code into the status and the text. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
  ) {
    super(code);
  }
}

/** 429 with how long to wait (Retry-After, whole seconds). */
export class RateLimited extends HttpError {
  constructor(readonly retryAfterMs: number) {
    super('RATE_LIMITED');
  }
}

export function sendError(res: Response, code: ErrorCode, field?: string): void {
  // Nothing was changed: the same request may be sent again shortly.
  if (isRetryable(code) && code !== 'RATE_LIMITED') res.set('Retry-After', '2');
  res.status(ERRORS[code].httpStatus).json({ error: errorOf(code, field) } satisfies HttpErrorResponse);
}

/** A request body (or query) through its schema: the parsed value, or 400 INVALID_PAYLOAD naming the field. */
export function parseOr400<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: Parameters<typeof fieldOf>[0] };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(r.error));
  return r.data;
}

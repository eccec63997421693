import type { Response } from 'express';
import { ERRORS, type ErrorCode, type HttpErrorResponse, errorOf, isRetryable } from '@circle/shared';

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

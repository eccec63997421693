export class MediaError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID_STATE' | 'MEDIA_ERROR',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Typed errors. Every error the app raises on purpose is an {@link AppError} with a stable `code`;
 * `web/middleware/error-handler.ts` is the one place that maps them to HTTP.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  /** Safe to show the end user as-is. */
  readonly expose: boolean;

  constructor(code: string, message: string, opts: { status?: number; details?: unknown; cause?: unknown; expose?: boolean } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = opts.status ?? 500;
    this.details = opts.details;
    this.expose = opts.expose ?? this.status < 500;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('validation_failed', message, { status: 400, details });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required', code = 'unauthorized') {
    super(code, message, { status: 401 });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed', code = 'forbidden') {
    super(code, message, { status: 403 });
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', code = 'not_found') {
    super(code, message, { status: 404 });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(code, message, { status: 409 });
  }
}

/** A failure that may succeed later; a job runner honours `retryAfterMs` when set. */
export class RetriableError extends AppError {
  readonly retryAfterMs?: number;
  /** False when the job did not really try (e.g. its location was busy): it is put back without using an attempt. */
  readonly countsAttempt: boolean;
  constructor(code: string, message: string, opts: { retryAfterMs?: number; status?: number; cause?: unknown; countsAttempt?: boolean } = {}) {
    super(code, message, { status: opts.status ?? 503, cause: opts.cause, expose: true });
    this.retryAfterMs = opts.retryAfterMs;
    this.countsAttempt = opts.countsAttempt ?? true;
  }
}

/** The database cannot be reached. Webhook routes answer it with the status their sender retries on. */
export class StoreUnavailableError extends RetriableError {
  constructor(cause?: unknown) {
    super('store_unavailable', 'Storage is unavailable, try again shortly', { cause });
  }
}

/** A job failure that retrying cannot fix: the job is dead-lettered at once. */
export class PermanentError extends AppError {
  constructor(code: string, message: string, opts: { cause?: unknown; details?: unknown } = {}) {
    super(code, message, { status: 422, ...opts });
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

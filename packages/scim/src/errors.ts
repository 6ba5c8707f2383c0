import { ERROR_SCHEMA } from './urn.ts';

// Re-exported so existing `import { ERROR_SCHEMA } from './errors.ts'` keeps working.
export { ERROR_SCHEMA };

/** RFC 7644 §3.12 error detail types. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** The wire shape of a SCIM error (RFC 7644 §3.12); `status` is a string there. */
export interface ScimErrorBody {
  readonly schemas: readonly [typeof ERROR_SCHEMA];
  readonly status: string;
  readonly scimType?: ScimType;
  readonly detail: string;
}

/**
 * The only error type that reaches a SCIM client. It knows its own response, so one
 * middleware turns any of them into the RFC 7644 §3.12 envelope.
 */
export class ScimError extends Error {
  override readonly name = 'ScimError';

  /** Seconds a client should wait before retrying (429 and 503 answer it as `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  /**
   * @param options.cause - what made it (a store or queue failure behind a 503): logged by the
   *   server, never sent to the client.
   * @param options.retryAfterSeconds - when to come back, for a 429 or 503.
   */
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(detail, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType === undefined ? {} : { scimType: this.scimType }),
      detail: this.detail,
    };
  }

  static badRequest(scimType: ScimType, detail: string): ScimError {
    return new ScimError(400, scimType, detail);
  }
  static notFound(detail: string): ScimError {
    return new ScimError(404, undefined, detail);
  }
  static conflict(detail: string): ScimError {
    return new ScimError(409, 'uniqueness', detail);
  }
}

/** Plain-data form of a ScimError, for crossing process boundaries (job results). */
export const scimErrorFromBody = (body: {
  status: string | number;
  scimType?: ScimType;
  detail: string;
}): ScimError => new ScimError(Number(body.status), body.scimType, body.detail);

/**
 * Quotes client text for an error `detail`, cut to `max` characters: details are logged by Entra and
 * by us, so they must stay short even when the client sent something huge.
 */
export const quoteForDetail = (text: string, max = 64): string =>
  `'${text.length > max ? `${text.slice(0, max)}…` : text}'`;

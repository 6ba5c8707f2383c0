export interface ScimResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty (or non-JSON) body; `text` always has the raw body. */
  body: any;
  text: string;
}

export interface ScimRequestInit {
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string;
}

/** URL-encodes a filter the way Entra does: percent-encoding with `+` for spaces. */
export const entraEncode = (filter: string): string => encodeURIComponent(filter).replace(/%20/g, '+');

const parseBody = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // An HTML error page from a proxy, say: tests assert on `text` and the Content-Type.
    return undefined;
  }
};

/** A minimal SCIM HTTP client speaking to the live server, as Entra or Okta would. */
export class ScimClient {
  /**
   * @param defaultHeaders - sent with every request (e.g. Okta's `User-Agent`); per-request
   *   headers override them.
   */
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  /** The same client with more default headers. */
  withHeaders(headers: Record<string, string>): ScimClient {
    return new ScimClient(this.baseUrl, this.token, { ...this.defaultHeaders, ...headers });
  }

  async request(method: string, path: string, init: ScimRequestInit = {}): Promise<ScimResponse> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      ...this.defaultHeaders,
      ...init.headers,
    };
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/scim+json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: parseBody(text), text };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, headers === undefined ? {} : { headers });
  }
  post(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, headers === undefined ? { body } : { body, headers });
  }
  put(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PUT', path, headers === undefined ? { body } : { body, headers });
  }
  patch(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', path, headers === undefined ? { body } : { body, headers });
  }
  delete(path: string, headers?: Record<string, string>) {
    return this.request('DELETE', path, headers === undefined ? {} : { headers });
  }
  /** `POST /{Users|Groups}/.search` (RFC 7644 §3.4.3). */
  search(resourcePath: '/Users' | '/Groups' | '', body: unknown) {
    return this.post(`${resourcePath}/.search`, body);
  }
  /** `GET /Users?filter=…` with the filter URL-encoded the way Entra does. */
  filterUsers(filter: string, extra = '') {
    return this.get(`/Users?filter=${entraEncode(filter)}${extra}`);
  }
  /**
   * Entra's group lookup: `GET /Groups?excludedAttributes=members&filter=…` (docs/entra.md §2.1);
   * `excludeMembers: false` drops the `excludedAttributes` parameter.
   */
  filterGroups(
    filter: string,
    { excludeMembers = true, extra = '' }: { excludeMembers?: boolean; extra?: string } = {},
  ) {
    return this.get(
      `/Groups?${excludeMembers ? 'excludedAttributes=members&' : ''}filter=${entraEncode(filter)}${extra}`,
    );
  }
}

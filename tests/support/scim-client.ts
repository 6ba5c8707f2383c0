export interface ScimResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: any;
  text: string;
}

/** A minimal SCIM HTTP client speaking to the live server, as Entra or Okta would. */
export class ScimClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<ScimResponse> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, ...init.headers };
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/scim+json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text), text };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, headers === undefined ? {} : { headers });
  }
  post(path: string, body: unknown) {
    return this.request('POST', path, { body });
  }
  delete(path: string) {
    return this.request('DELETE', path);
  }
  /** `GET /Users?filter=…` with the filter URL-encoded the way Entra does. */
  filterUsers(filter: string, extra = '') {
    return this.get(`/Users?filter=${encodeURIComponent(filter).replace(/%20/g, '+')}${extra}`);
  }
}

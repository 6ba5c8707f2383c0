import { createServer, type RequestListener, type Server } from 'node:http';

export interface ConnectionLimits {
  /** Whole request (headers + body) must arrive within this; Node's default is 300 s. */
  requestTimeoutMs: number;
  /** Headers must arrive within this. */
  headersTimeoutMs: number;
  /** Idle keep-alive sockets are closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are refused at accept, so memory stays bounded. */
  maxConnections: number;
}

/**
 * A SCIM server behind a load balancer: clients send small bodies quickly, so a request that
 * trickles in (slowloris) is cut off well before Node's 300 s default, and idle keep-alive
 * sockets outlive the proxy's own idle timeout so the proxy, not we, closes them (otherwise
 * a request can race a closing socket and fail with a 502).
 */
export function createLimitedServer(handler: RequestListener, limits: ConnectionLimits): Server {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often the two timeouts above are checked (Node's default, 30 s, would let a
      // trickling request live up to that much longer than its limit).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}

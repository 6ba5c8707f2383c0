import { connect, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLimitedServer } from '../src/http/connection-limits.ts';

const limits = {
  requestTimeoutMs: 1_500,
  headersTimeoutMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 2,
};

async function listening() {
  // Like the SCIM routes, answer only once the whole body has arrived.
  const server = createLimitedServer((req, res) => {
    req.on('end', () => res.end('ok')).resume();
  }, limits);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Everything the server sends until it closes the socket, and when that happened. */
const untilClosed = (socket: Socket): Promise<{ text: string; after: number }> => {
  const started = performance.now();
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return new Promise((resolve) =>
    socket.on('close', () => resolve({ text, after: performance.now() - started })),
  );
};

describe('connection limits', () => {
  it('cuts off a request whose body trickles in, with 408, soon after the request timeout', async () => {
    const { server, port } = await listening();
    try {
      const socket = connect(port, '127.0.0.1');
      const closed = untilClosed(socket);
      socket.write(
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
      );
      const { text, after } = await closed;
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      expect(after).toBeLessThan(limits.requestTimeoutMs + 2_500);
    } finally {
      server.close();
    }
  });

  it('refuses connections beyond the cap and serves the others', async () => {
    const { server, port } = await listening();
    const open: Socket[] = [];
    try {
      for (let i = 0; i < limits.maxConnections; i += 1) {
        const socket = connect(port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        open.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      const extra = connect(port, '127.0.0.1');
      const { text } = await untilClosed(extra);
      expect(text).toBe('');
      const first = open[0] as Socket;
      const answer = new Promise<string>((resolve) =>
        first.once('data', (chunk: Buffer) => resolve(chunk.toString())),
      );
      first.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await answer).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      for (const socket of open) socket.destroy();
      server.close();
    }
  });
});

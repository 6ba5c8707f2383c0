import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../src/http/error-handler.ts';

async function answerFor(error: unknown) {
  const app = express();
  app.get('/', () => {
    throw error;
  });
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as Record<string, unknown>,
    };
  } finally {
    server.close();
  }
}

describe('store time limits', () => {
  it('answers 503 + Retry-After when the store stopped a query at its time limit (code 50)', async () => {
    const error = Object.assign(new Error('operation exceeded time limit'), {
      name: 'MongoServerError',
      code: 50,
    });
    const res = await answerFor(error);
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('5');
    expect(res.body.detail).toMatch(/time limit/);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('answers 503 + Retry-After when an operation outlived the socket timeout', async () => {
    const error = Object.assign(new Error('connection timed out'), { name: 'MongoNetworkTimeoutError' });
    const res = await answerFor(error);
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('5');
  });

  it('keeps other server errors opaque 500s', async () => {
    const error = Object.assign(new Error('something else'), { name: 'MongoServerError', code: 2 });
    const res = await answerFor(error);
    expect(res.status).toBe(500);
    expect(res.body.detail).toBe('Internal server error');
  });
});

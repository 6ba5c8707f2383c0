import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { startRoster, type RosterUnderTest } from './support/roster.ts';
import { ScimClient } from './support/scim-client.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});

let roster: RosterUnderTest;
beforeAll(async () => {
  roster = await startRoster({ logger: pino({ level: 'info' }, sink) });
});
afterAll(async () => {
  await roster.stop();
});

describe('request logs', () => {
  it('carry request ids and statuses but never tokens, passwords or filter values', async () => {
    const scim = roster.account.client;
    const body = { ...entraCreateUserBody(), password: 'Sup3r-Secret-Pw!' };
    await scim.post('/Users', body);
    await scim.filterUsers(`userName eq "${body.userName}"`);
    await new ScimClient(roster.account.baseUrl, `${roster.account.token}x`).get('/Users');
    const log = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(log).toContain('"statusCode":201');
    expect(log).toContain('"statusCode":401');
    expect(log).toMatch(/"id":"[0-9a-f-]{36}"/);
    for (const secret of [
      roster.account.token,
      roster.account.token.slice(-43),
      'Sup3r-Secret-Pw!',
      body.userName,
      'Bearer',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});

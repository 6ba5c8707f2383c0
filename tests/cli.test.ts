import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { uniqueName } from './support/roster.ts';
import { useRoster } from './support/roster-fixture.ts';
import { rosterCli } from './support/roster-cli.ts';
import { ScimClient } from './support/scim-client.ts';

const suite = useRoster();

/** Runs the real `roster` bin against this test's database, as `npx roster …` would. */
const cli = (...args: string[]) => rosterCli(suite.roster)(...args);

describe('roster CLI', () => {
  it('creates an account once, then refuses to create it again', async () => {
    const accountId = uniqueName('cli-');
    expect(await cli('account', 'create', accountId, '--name', 'Acme Corp')).toMatchObject({ code: 0 });
    expect((await suite.roster.store.accounts.get(accountId))?.name).toBe('Acme Corp');
    const again = await cli('account', 'create', accountId);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('issues a token whose JSON file connects to the live SCIM endpoint, and stores only its hash', async () => {
    const accountId = uniqueName('cli-');
    await cli('account', 'create', accountId);
    const issued = await cli('token', 'create', accountId, '--json');
    expect(issued.code).toBe(0);
    const file = JSON.parse(issued.stdout) as { baseUrl: string; token: string };
    expect(Object.keys(file).sort()).toEqual(['baseUrl', 'token']);
    expect(file.baseUrl).toBe(`${suite.roster.origin}/scim/v2/${accountId}`);

    const probe = await new ScimClient(file.baseUrl, file.token).filterUsers(
      'userName eq "c1f0d3a2-5b6e-4c7d-8e9f-0a1b2c3d4e5f"',
    );
    expect(probe.status).toBe(200);
    expect(probe.body.totalResults).toBe(0);

    const tokenId = file.token.split('_')[1]!;
    const stored = await suite.roster.store.tokens.findById(tokenId);
    expect(stored?.accountId).toBe(accountId);
    expect(JSON.stringify(stored)).not.toContain(file.token.slice(-43));
  });

  it('defines, lists and removes custom fields, printing the attribute name for Entra ID', async () => {
    const accountId = uniqueName('cli-');
    await cli('account', 'create', accountId);
    const added = await cli(
      'field',
      'add',
      accountId,
      'dept_code',
      '--type',
      'string',
      '--label',
      'Department code',
      '--target',
      'department',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`urn:roster:scim:schemas:extension:${accountId}:2:User:dept_code`);
    expect(
      (
        await cli(
          'field',
          'add',
          accountId,
          'tier',
          '--type',
          'Dropdown',
          '--options',
          'Gold,Silver',
          '--required',
        )
      ).code,
    ).toBe(0);
    const listed = JSON.parse((await cli('field', 'list', accountId, '--json')).stdout) as {
      schema: string;
      fields: { id: string; type: string; required: boolean; options?: string[] }[];
      mappings: { target: string; sources: string[] }[];
    };
    expect(listed.schema).toBe(`urn:roster:scim:schemas:extension:${accountId}:2:User`);
    expect(listed.fields.map((f) => [f.id, f.type, f.required])).toEqual([
      ['dept_code', 'String', false],
      ['tier', 'Dropdown', true],
    ]);
    expect(listed.mappings).toEqual([{ target: 'department', sources: ['$.fields.dept_code'] }]);
    expect((await cli('field', 'add', accountId, 'tier', '--type', 'String')).stderr).toContain(
      'already has',
    );
    expect((await cli('field', 'add', accountId, 'bad.id', '--type', 'String')).stderr).toContain(
      'Invalid field',
    );
    expect((await cli('field', 'add', accountId, 'x', '--type', 'Dropdown')).stderr).toContain(
      'Invalid field',
    );
    expect((await cli('field', 'add', accountId, 'badge', '--type', 'String', '--indexed')).code).toBe(0);
    const db = await mongoose.createConnection(suite.roster.mongoUrl).asPromise();
    const indexNames = (await db.collection('users').indexes()).map((index) => index.name);
    await db.close();
    expect(indexNames).toContain('custom_badge');
    expect((await cli('field', 'remove', accountId, 'tier')).code).toBe(0);
    expect((await cli('field', 'list', accountId)).stdout).not.toContain('tier');
    expect((await cli('mapping', 'set', accountId, 'department', '$.enterprise.department')).code).toBe(0);
    expect((await suite.roster.store.accounts.get(accountId))?.mappings).toEqual([
      { target: 'department', sources: ['$.enterprise.department'] },
    ]);
  });

  it('explains invalid input instead of crashing', async () => {
    expect((await cli('account', 'create', 'bad:id')).stderr).toContain('Invalid account id');
    expect((await cli('token', 'create', uniqueName('missing-'))).stderr).toContain('does not exist');
    expect((await cli('account', 'create', 'x', '--bogus')).code).toBe(1);
    expect((await cli('frobnicate', 'now', 'x')).stderr).toContain('Usage');
  });
});

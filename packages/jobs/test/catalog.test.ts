import { describe, expect, it } from 'vitest';
import { parsePatchRequest, USER_SCHEMA } from '@roster/scim';
import { parseWriteCommand, WRITE_COMMAND_VERSION, type WriteCommand } from '../src/index.ts';

const create: WriteCommand = {
  v: WRITE_COMMAND_VERSION,
  accountId: 'acme',
  type: 'user.create',
  userId: 'u1',
  attributes: { core: { userName: 'ada@example.com' }, extensions: {} },
};

/** What ingress really enqueues for a PATCH: operations parsed by packages/scim. */
function patchCommand(): WriteCommand {
  const parsed = parsePatchRequest(
    {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work" and not (primary eq false)].value', value: 'a@b.c' },
        { op: 'remove', path: 'members[value eq "x"]' },
        { op: 'add', value: { displayName: 'Ada' } },
      ],
    },
    { knownSchemas: [USER_SCHEMA] },
  );
  if (!parsed.ok) throw parsed.error;
  return {
    v: WRITE_COMMAND_VERSION,
    accountId: 'acme',
    type: 'user.patch',
    userId: 'u1',
    operations: parsed.value,
  };
}

describe('the write command catalog', () => {
  it('accepts what ingress enqueues, after a JSON round trip as through Redis', () => {
    for (const command of [create, patchCommand()]) {
      const parsed = parseWriteCommand(JSON.parse(JSON.stringify(command)));
      expect(parsed).toEqual({ ok: true, command: JSON.parse(JSON.stringify(command)) });
    }
  });

  it('refuses an unknown command type', () => {
    expect(parseWriteCommand({ ...create, type: 'user.merge' })).toEqual({
      ok: false,
      reason: 'unknown write command type "user.merge"',
    });
    expect(parseWriteCommand(null)).toMatchObject({ ok: false });
    expect(parseWriteCommand({ ...create, type: 'toString' })).toMatchObject({ ok: false });
  });

  it('refuses another command version, naming the field', () => {
    const parsed = parseWriteCommand({ ...create, v: 2 });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/^malformed user\.create payload: v:/);
  });

  it('refuses missing, extra and mistyped fields', () => {
    const { userId: _dropped, ...withoutId } = create;
    expect(parseWriteCommand(withoutId)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/userId/),
    });
    expect(parseWriteCommand({ ...create, extra: 1 })).toMatchObject({ ok: false });
    expect(parseWriteCommand({ ...create, attributes: { core: 'x', extensions: {} } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/attributes\.core/),
    });
  });

  it('refuses a PATCH whose parsed path is not a filter AST', () => {
    const command = JSON.parse(JSON.stringify(patchCommand())) as { operations: { path?: unknown }[] };
    const first = command.operations[0] as { path: { valueFilter: unknown } };
    first.path.valueFilter = { kind: 'compare', path: { attr: 'type' }, op: 'like', value: 'work' };
    expect(parseWriteCommand(command)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/operations\.0\.path/),
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  ENTERPRISE_USER_SCHEMA,
  parsePatchRequest,
  PATCH_OP_SCHEMA,
  splitMemberChanges,
  type PatchOperation,
  type Result,
  type ScimError,
  type ScimView,
} from '../src/index.ts';
import { ACME_URN } from './helpers.ts';
import { alice, deepFreeze, GROUP_KNOWN, groupSchemas, USER_KNOWN, userSchemas } from './patch-fixtures.ts';

const ENT = ENTERPRISE_USER_SCHEMA;

/** Paths real clients send, plus near misses and hostile ones. */
const PATHS = [
  'userName',
  'active',
  'displayName',
  'title',
  'nickName',
  'name',
  'name.givenName',
  'NAME.familyName',
  'emails',
  'emails.value',
  'emails[type eq "work"].value',
  'emails[type eq "work"]',
  'emails[type eq "home" and primary eq "True"].value',
  'emails[value co "@"].primary',
  'emails[type ne "work"]',
  'phoneNumbers[type eq "mobile"].value',
  'addresses[type eq "work"].streetAddress',
  'roles[primary eq "True"].value',
  'x509Certificates',
  'manager',
  'manager[value eq "u_1"]',
  `${ENT}:manager`,
  `${ENT}:manager.value`,
  `${ENT}:manager.displayName`,
  `${ENT}:department`,
  `${ENT}:employeeNumber`,
  `${ACME_URN}:f_costCode`,
  `${ACME_URN}:f_isContractor`,
  `${ACME_URN}:f_level`,
  `${ACME_URN}:f_rate`,
  `${ACME_URN}:f_badge`,
  'password',
  'id',
  'meta.version',
  'groups',
  'schemas',
  'externalId',
  'members',
  'members[value eq "u_1"]',
  'nickname2',
  'emails[',
  '',
];

const scalar = fc.oneof(
  fc.constantFrom(
    'True',
    'False',
    'true',
    '',
    ' ',
    '6',
    '12.5',
    'u_1',
    'a@x.com',
    'work',
    null,
    true,
    false,
    0,
    7,
    1.5,
  ),
  fc.string({ maxLength: 8 }),
);
const element = fc.dictionary(
  fc.constantFrom('value', 'type', 'primary', 'display', 'Value', '$ref', 'givenName'),
  scalar,
  {
    maxKeys: 4,
  },
);
const pathlessValue = fc.dictionary(
  fc.constantFrom(...PATHS, ENT, ACME_URN, 'name.givenName', `${ENT}:department`, 'Active', 'id'),
  fc.oneof(scalar, element, fc.array(element, { maxLength: 3 })),
  { maxKeys: 4 },
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: element },
  { weight: 2, arbitrary: fc.array(fc.oneof(element, scalar), { maxLength: 3 }) },
  { weight: 2, arbitrary: pathlessValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
const rawOperation = fc.record(
  {
    op: fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'Remove', 'copy'),
    path: fc.constantFrom(...PATHS),
    value,
  },
  { requiredKeys: ['op'] },
);
const rawBody = fc
  .array(rawOperation, { minLength: 1, maxLength: 6 })
  .map((operations) => ({ schemas: [PATCH_OP_SCHEMA], Operations: operations }));

/** Well-typed operations as Entra and Okta send them, so that most requests succeed. */
const emailList = fc.array(
  fc.record(
    {
      type: fc.constantFrom('work', 'home'),
      value: fc.constantFrom('a@x.com', 'b@x.com'),
      primary: fc.boolean(),
    },
    { requiredKeys: ['value'] },
  ),
  { maxLength: 3 },
);
const PLAUSIBLE: readonly (readonly [string, fc.Arbitrary<unknown>])[] = [
  ['active', fc.constantFrom('True', 'False', true, false)],
  ['displayName', fc.string({ minLength: 1, maxLength: 5 })],
  ['userName', fc.constantFrom('alice', 'Alice@X.com', '  ')],
  ['title', fc.constantFrom('', null, 'Lead')],
  ['name.givenName', fc.constantFrom('Al', '', null)],
  ['name', fc.record({ givenName: fc.constantFrom('A', null), familyName: fc.constantFrom('B', '') })],
  ['emails', emailList],
  ['emails[type eq "work"].value', fc.constantFrom('w@x.com', '', null)],
  ['emails[type eq "home"]', fc.record({ value: fc.constantFrom('h@x.com'), primary: fc.boolean() })],
  ['emails[value eq "a@x.com"].primary', fc.constantFrom('True', false)],
  ['roles[primary eq "True"].value', fc.constantFrom('Admin', 'User')],
  [
    `${ENT}:manager`,
    fc.constantFrom('u_1', 'u_2', '', null, { value: 'u_3' }, [{ $ref: null, value: 'u_4' }]),
  ],
  ['manager[value eq "u_1"]', fc.constant(null)],
  [`${ENT}:department`, fc.constantFrom('R&D', '')],
  [`${ACME_URN}:f_level`, fc.constantFrom('6', 7, '')],
  [`${ACME_URN}:f_isContractor`, fc.constantFrom('True', 'false', true)],
  [`${ACME_URN}:f_badge`, fc.constantFrom('QQ==', 'Qg==')],
];
const plausibleOperation = fc
  .tuple(fc.constantFrom(...PLAUSIBLE), fc.constantFrom('Add', 'replace', 'remove', 'pathless'))
  .chain(([[path, values], op]) =>
    values.map((value) =>
      op === 'pathless'
        ? { op: 'replace', value: { [path]: value } }
        : op === 'remove'
          ? { op, path }
          : { op, path, value },
    ),
  );
const plausibleBody = fc
  .array(plausibleOperation, { minLength: 1, maxLength: 6 })
  .map((operations) => ({ schemas: [PATCH_OP_SCHEMA], Operations: operations }));

/** Operations that parse, generated as wire bodies: mostly plausible ones, some hostile. */
const userOperations: fc.Arbitrary<readonly PatchOperation[]> = fc
  .oneof({ weight: 3, arbitrary: plausibleBody }, { weight: 1, arbitrary: rawBody })
  .map((body) => parsePatchRequest(body, { knownSchemas: USER_KNOWN }))
  .filter((parsed) => parsed.ok)
  .map((parsed) => (parsed.ok ? parsed.value : []));

const views: fc.Arbitrary<ScimView> = fc.constantFrom<ScimView>(
  alice,
  { userName: 'bob' },
  {
    userName: 'carol',
    emails: [
      { type: 'work', value: 'c@x.com', primary: true },
      { type: 'home', value: 'c@home' },
    ],
    [ENT]: { manager: { value: 'u_1' } },
    [ACME_URN]: { f_level: 3, f_badge: 'QQ==' },
  },
);

const outcome = (result: Result<ScimView, ScimError>) =>
  result.ok ? { ok: true, value: result.value } : { ok: false };

describe('parsePatchRequest properties', () => {
  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        parsePatchRequest(body, { knownSchemas: USER_KNOWN });
      }),
    );
  });

  it('never throws on PatchOp-shaped bodies, and every error is a 400 SCIM error', () => {
    fc.assert(
      fc.property(rawBody, (body) => {
        const parsed = parsePatchRequest(body, { knownSchemas: USER_KNOWN });
        if (!parsed.ok) expect(parsed.error.status).toBe(400);
      }),
    );
  });

  it('never throws on bodies with hostile keys from JSON.parse', () => {
    const hostile = fc.constantFrom(
      '"__proto__"',
      '"constructor"',
      '"prototype"',
      '"$where"',
      '"op"',
      '"value"',
    );
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const text = `{"schemas":["${PATCH_OP_SCHEMA}"],"Operations":[{"op":"add","value":{${a}:{${b}:1}}}]}`;
        const parsed = parsePatchRequest(JSON.parse(text), { knownSchemas: USER_KNOWN });
        expect(parsed.ok).toBe(![a, b].some((key) => /__proto__|constructor|prototype|\$where/.test(key)));
      }),
    );
  });
});

describe('splitMemberChanges properties', () => {
  it('never throws, and keeps every non-member operation in order', () => {
    fc.assert(
      fc.property(rawBody, (body) => {
        const parsed = parsePatchRequest(body, { knownSchemas: GROUP_KNOWN });
        if (!parsed.ok) return;
        const split = splitMemberChanges(deepFreeze(parsed.value));
        if (!split.ok) return;
        const untouched = parsed.value.filter(
          (op) => op.path !== undefined && op.path.attr.toLowerCase() !== 'members',
        );
        expect(split.value.rest.filter((op) => op.path !== undefined)).toEqual(untouched);
      }),
    );
  });

  it('applying the rest to a group never throws', () => {
    fc.assert(
      fc.property(rawBody, (body) => {
        const parsed = parsePatchRequest(body, { knownSchemas: GROUP_KNOWN });
        if (!parsed.ok) return;
        const split = splitMemberChanges(parsed.value);
        if (!split.ok) return;
        applyPatch(deepFreeze({ displayName: 'G' }), split.value.rest, groupSchemas);
      }),
    );
  });
});

describe('applyPatch properties', () => {
  it('never throws and never mutates the resource or the operations (both deep-frozen)', () => {
    fc.assert(
      fc.property(views, userOperations, (view, ops) => {
        const viewBefore = structuredClone(view);
        const opsBefore = structuredClone(ops);
        applyPatch(deepFreeze(structuredClone(view)), deepFreeze(structuredClone(ops)), userSchemas);
        expect(view).toEqual(viewBefore);
        expect(ops).toEqual(opsBefore);
      }),
      { numRuns: 500 },
    );
  });

  it('a result is already canonical: applying no operations to it returns it unchanged', () => {
    fc.assert(
      fc.property(views, userOperations, (view, ops) => {
        const result = applyPatch(view, ops, userSchemas);
        if (!result.ok) return;
        expect(outcome(applyPatch(deepFreeze(result.value), [], userSchemas))).toEqual({
          ok: true,
          value: result.value,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is all-or-nothing: one failing operation anywhere fails the whole request', () => {
    const failing: PatchOperation = { op: 'replace', path: { attr: 'id' }, value: 'x' };
    fc.assert(
      fc.property(views, userOperations, fc.nat(), (view, ops, at) => {
        const index = at % (ops.length + 1);
        const withFailure = [...ops.slice(0, index), failing, ...ops.slice(index)];
        expect(applyPatch(view, withFailure, userSchemas).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('when every operation succeeds on its own in turn, the request as a whole gives the same result', () => {
    fc.assert(
      fc.property(views, userOperations, (view, ops) => {
        let stepwise: Result<ScimView, ScimError> = { ok: true, value: view };
        for (const op of ops) {
          if (!stepwise.ok) return;
          stepwise = applyPatch(stepwise.value, [op], userSchemas);
        }
        // Only this direction holds: a request may pass through states that would fail on their
        // own (set an immutable value, then change it; blank userName, then a real one).
        if (!stepwise.ok) return;
        expect(outcome(applyPatch(view, ops, userSchemas))).toEqual(outcome(stepwise));
      }),
      { numRuns: 500 },
    );
  });

  it('every error is a 400 with a SCIM error type', () => {
    fc.assert(
      fc.property(views, userOperations, (view, ops) => {
        const result = applyPatch(view, ops, userSchemas);
        if (result.ok) return;
        expect(result.error.status).toBe(400);
        expect(result.error.scimType).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { useRoster } from '../support/roster-fixture.ts';
import { ensureCheckers, runChecker } from '../support/python-checkers.ts';

/**
 * An outside view of conformance: the published SCIM checkers from PyPI (scim2-tester through
 * scim2-cli's `scim test`, and `scim-sanity probe`) run against a live Roster on an account of
 * their own. Every finding they report must be listed below with the RFC section that permits
 * Roster's behaviour; a new finding fails the test. README "Conformance" shows the totals.
 */
const suite = useRoster();

/** scim-sanity findings that are RFC-permitted choices of Roster (test name → why). */
const SANITY_PERMITTED: Record<string, string> = {
  'PATCH /Groups/{id}':
    'RFC 7644 §3.5.2: a server MAY answer a PATCH with 204 No Content; Entra and Okta expect 204 for Groups (docs/entra.md §2.12). With attributes= the answer is 200 with the resource.',
  'PATCH /Groups/{id} remove members': 'Same: 204 No Content is permitted by RFC 7644 §3.5.2.',
  'PATCH /Groups/{id} add member':
    'The probe adds a member id that is no resource of the account; RFC 7643 §4.2 defines members as references to Users or Groups of the service provider, and Roster refuses dangling references with 400 invalidValue (RFC 7644 §3.12).',
};

/** scim2-tester findings that are RFC-permitted: which check, which reason, and why. */
const TESTER_PERMITTED: { check: string; reason: RegExp; why: string }[] = [
  'check_add_attribute',
  'check_replace_attribute',
].map((check) => ({
  check,
  // The account has no custom fields, so the checker PATCHes its extension with nothing but
  // `schemas` and expects an empty extension object back.
  reason:
    /^PATCH modify\(\) returned unexpected value for 'urn:roster:scim:schemas:extension:[^']+:2:User'\.$/,
  why: 'RFC 7643 §2.5: an empty complex value is the same as an unassigned one, which is not returned; Roster omits an extension that holds no attributes.',
}));

const accountFor = async () => {
  const account = await suite.roster.createAccount();
  return { baseUrl: account.baseUrl, token: account.token };
};

beforeAll(async () => {
  await ensureCheckers();
}, 180_000);

describe('third-party SCIM checkers', () => {
  it('scim-sanity probe: every failure is an RFC-permitted choice', async () => {
    const { baseUrl, token } = await accountFor();
    const run = await runChecker('scim-sanity', [
      'probe',
      baseUrl,
      '--token',
      token,
      '--i-accept-side-effects',
      '--json-output',
    ]);
    const report = JSON.parse(run.stdout) as {
      summary: Record<string, number>;
      results: { name: string; status: string; message?: string }[];
    };
    const failures = report.results.filter((result) => result.status === 'fail' || result.status === 'error');
    const unexplained = failures.filter((failure) => SANITY_PERMITTED[failure.name] === undefined);
    console.info(
      `scim-sanity ${JSON.stringify(report.summary)}; permitted failures: ${failures.map((f) => f.name).join(', ') || 'none'}`,
    );
    expect(unexplained).toEqual([]);
    expect(report.summary.passed).toBeGreaterThan(20);
  }, 180_000);

  it('scim2-tester (scim test): every failure is an RFC-permitted choice', async () => {
    const { baseUrl, token } = await accountFor();
    const run = await runChecker('scim', ['--url', baseUrl, 'test'], {
      SCIM_CLI_HEADERS: `Authorization: Bearer ${token}`,
    });
    const lines = run.stdout.split('\n');
    // Each result is `<STATUS> <title>`, followed by an indented reason when there is one.
    const results = lines.flatMap((line, i) => {
      const match = /^([A-Z_]+) (.+)$/.exec(line);
      if (match === null || match[1] === 'Performing') return [];
      const next = lines[i + 1] ?? '';
      return [
        { status: match[1] ?? '', title: match[2] ?? '', reason: next.startsWith('  ') ? next.trim() : '' },
      ];
    });
    const failures = results.filter((result) => result.status !== 'SUCCESS' && result.status !== 'SKIPPED');
    const unexplained = failures.filter(
      (failure) =>
        !TESTER_PERMITTED.some(
          (permitted) => failure.title === permitted.check && permitted.reason.test(failure.reason),
        ),
    );
    const counts = Object.fromEntries(
      [...new Set(results.map((result) => result.status))].map((status) => [
        status,
        results.filter((result) => result.status === status).length,
      ]),
    );
    console.info(
      `scim2-tester ${JSON.stringify(counts)}; permitted failures: ${failures.map((f) => f.title).join(', ') || 'none'}`,
    );
    expect(run.stderr).not.toMatch(/Could not discover/);
    expect(unexplained.map((failure) => `${failure.status} ${failure.title}: ${failure.reason}`)).toEqual([]);
    expect(results.filter((result) => result.status === 'SUCCESS').length).toBeGreaterThan(10);
  }, 180_000);
});

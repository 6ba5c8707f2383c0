import type { Response, Router } from 'express';
import { ScimError } from '@roster/scim';
import type { StoredRateLimit } from '@roster/store';
import { permit, type AdminContext } from '../operations/context.ts';
import {
  getAccount,
  RATE_LIMIT_BOUNDS,
  setAccountDisabled,
  setAccountRateLimit,
  type AccountSummary,
} from '../operations/accounts.ts';
import { csrfField, formError } from './components.ts';
import { accountPath, param, when } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { accountIdOf, seeOther, sendAccountPage, sessionOf } from './request.ts';

const NOTICES: Record<string, string> = {
  created: 'Account created. Add its first owner on the Admins page.',
  disabled: 'Account disabled. Its SCIM tokens are refused from now on; its data stays.',
  enabled: 'Account enabled. Its unrevoked SCIM tokens work again.',
  rate: 'Rate limit saved. It applies to the next SCIM request.',
  late: 'Saved. Running SCIM servers could not all be told at once, so it applies within a few seconds.',
};

interface RateValues {
  perSecond: string;
  burst: string;
}

/** A whole number as typed, or NaN, which the operation refuses with the allowed range. */
const wholeNumber = (text: string): number => (/^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN);

const rateText = (rate: StoredRateLimit | null): SafeHtml =>
  rate === null
    ? html`The deployment's rate (<code>ACCOUNT_RATE_PER_SECOND</code> / <code>ACCOUNT_RATE_BURST</code>)`
    : html`${rate.perSecond} requests per second, bursts of ${rate.burst}`;

function stateForm(account: AccountSummary, csrf: string): SafeHtml {
  const disabled = account.disabledAt !== null;
  const action = accountPath(account.id, 'manage', disabled ? 'enable' : 'disable');
  return disabled
    ? html`<form method="post" action="${action}">
        ${csrfField(csrf)}
        <button type="submit">Enable account</button>
      </form>`
    : html`<form
        method="post"
        action="${action}"
        data-confirm="${`Disable ${account.id}? Every SCIM token of the account stops working at once.`}"
      >
        ${csrfField(csrf)}
        <button type="submit" class="danger">Disable account</button>
      </form>`;
}

function rateForm(account: AccountSummary, csrf: string, values: RateValues, error?: string): SafeHtml {
  const action = accountPath(account.id, 'manage', 'rate-limit');
  const { perSecond, burst } = RATE_LIMIT_BOUNDS;
  return html`<form method="post" action="${action}" class="inline-form">
      ${csrfField(csrf)} ${error === undefined ? '' : formError(error)}
      <div class="field">
        <label for="per-second">Requests per second</label>
        <input
          id="per-second"
          name="perSecond"
          type="number"
          inputmode="numeric"
          required
          min="${perSecond.min}"
          max="${perSecond.max}"
          value="${values.perSecond}"
        />
      </div>
      <div class="field">
        <label for="burst">Burst</label>
        <input
          id="burst"
          name="burst"
          type="number"
          inputmode="numeric"
          required
          min="${burst.min}"
          max="${burst.max}"
          value="${values.burst}"
        />
      </div>
      <div class="field"><button type="submit">Save rate limit</button></div>
    </form>
    ${
      account.rateLimit === null
        ? ''
        : html`<form method="post" action="${action}" class="inline-form">
            ${csrfField(csrf)}
            <input type="hidden" name="rate" value="default" />
            <button type="submit" class="secondary">Use the deployment's rate</button>
          </form>`
    }`;
}

/** Account (operators): an account's state and SCIM request rate, changed here. */
export function registerAccountManage(router: Router, ctx: AdminContext): void {
  const show = async (
    res: Response,
    accountId: string,
    notice?: string,
    form?: { values: RateValues; error: ScimError },
  ) => {
    const { principal, csrf } = sessionOf(res);
    // The page is for operators: an account's own owner may read its summary, not change these.
    permit(ctx, principal, 'accounts:manage');
    const account = await getAccount(ctx, principal, accountId);
    const values = form?.values ?? {
      perSecond: String(account.rateLimit?.perSecond ?? ''),
      burst: String(account.rateLimit?.burst ?? ''),
    };
    sendAccountPage(
      res,
      {
        title: `Account ${account.id}`,
        accountId,
        active: 'manage',
        notice,
        body: html`<h1>Account <code>${account.id}</code></h1>
          <dl class="facts">
            <dt>Name</dt>
            <dd>${account.name}</dd>
            <dt>Created</dt>
            <dd>${when(account.createdAt)}</dd>
            <dt>State</dt>
            <dd class="account-state">
              ${account.disabledAt === null ? 'Active' : html`Disabled since ${when(account.disabledAt)}`}
            </dd>
            <dt>SCIM rate limit</dt>
            <dd class="rate-limit">${rateText(account.rateLimit)}</dd>
          </dl>
          <section aria-labelledby="state" class="card">
            <h2 id="state">State</h2>
            <p>A disabled account's SCIM tokens are refused; its users, groups and settings stay.</p>
            ${stateForm(account, csrf)}
          </section>
          <section aria-labelledby="rate" class="card">
            <h2 id="rate">SCIM rate limit</h2>
            <p>
              Requests per second this account may send to the SCIM API, across all servers; burst is at least
              that.
            </p>
            ${rateForm(account, csrf, values, form?.error.detail)}
          </section>`,
      },
      form?.error.status ?? 200,
    );
  };

  const done = (res: Response, accountId: string, outcome: string, announced: boolean) =>
    seeOther(res, `${accountPath(accountId, 'manage')}?done=${announced ? outcome : 'late'}`);

  router.get('/accounts/:accountId/manage', async (req, res) => {
    await show(res, accountIdOf(req), NOTICES[param(req.query, 'done')]);
  });

  for (const [segment, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    router.post(`/accounts/:accountId/manage/${segment}`, async (req, res) => {
      const accountId = accountIdOf(req);
      const result = await setAccountDisabled(ctx, sessionOf(res).principal, accountId, disabled);
      done(res, accountId, disabled ? 'disabled' : 'enabled', result.announced);
    });

  router.post('/accounts/:accountId/manage/rate-limit', async (req, res) => {
    const accountId = accountIdOf(req);
    const values = { perSecond: param(req.body, 'perSecond'), burst: param(req.body, 'burst') };
    const rate =
      param(req.body, 'rate') === 'default'
        ? null
        : { perSecond: wholeNumber(values.perSecond), burst: wholeNumber(values.burst) };
    try {
      const result = await setAccountRateLimit(ctx, sessionOf(res).principal, accountId, rate);
      done(res, accountId, 'rate', result.announced);
    } catch (error) {
      if (!(error instanceof ScimError && error.status === 400)) throw error;
      await show(res, accountId, undefined, { values, error });
    }
  });
}

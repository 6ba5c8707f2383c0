import type { Response, Router } from 'express';
import { accountBaseUrl } from '@roster/runtime';
import { ScimError } from '@roster/scim';
import type { ScimTokenSummary } from '@roster/store';
import type { AdminContext } from '../operations/context.ts';
import { listFields } from '../operations/fields.ts';
import {
  generateScimToken,
  listScimTokens,
  MAX_TOKEN_DAYS,
  revokeScimToken,
} from '../operations/scim-tokens.ts';
import { ACTIONS_COLUMN, csrfField, dangerButtonForm, dataTable, formError } from './components.ts';
import { copyable, entraSteps } from './entra-steps.ts';
import { accountPath, param, when } from './format.ts';
import { html, jsonScript, type SafeHtml } from './html.ts';
import { accountIdOf, isFormError, routeParam, seeOther, sendAccountPage, sessionOf } from './request.ts';

const NOTICES: Record<string, string> = {
  revoked: 'The token is revoked. Entra ID requests with it are refused from now on.',
  revokedLate:
    'The token is revoked. Running SCIM servers could not all be told at once, so they refuse it within a few seconds.',
};

const isActive = (token: ScimTokenSummary, now: number): boolean =>
  token.revokedAt === null && (token.expiresAt === null || Date.parse(token.expiresAt) > now);

function tokenState(token: ScimTokenSummary, now: number): SafeHtml {
  if (token.revokedAt !== null)
    return html`<span class="badge badge-off">Revoked</span> ${when(token.revokedAt)}`;
  if (!isActive(token, now)) return html`<span class="badge badge-off">Expired</span>`;
  return html`<span class="badge badge-ok">Active</span>`;
}

function tokenTable(accountId: string, tokens: ScimTokenSummary[], csrf: string): SafeHtml {
  const now = Date.now();
  if (tokens.length === 0) return html`<p>No SCIM token has been generated for this account yet.</p>`;
  const rows = tokens.map(
    (token) =>
      html`<tr>
        <th scope="row"><code>${token.tokenId}</code></th>
        <td>${when(token.createdAt)}</td>
        <td>${token.lastUsedAt === null ? 'Never' : when(token.lastUsedAt)}</td>
        <td>${token.expiresAt === null ? 'Never' : when(token.expiresAt)}</td>
        <td>${tokenState(token, now)}</td>
        <td>
          ${
            token.revokedAt === null
              ? dangerButtonForm({
                  action: accountPath(accountId, 'scim', 'tokens', token.tokenId, 'revoke'),
                  confirm: `Revoke token ${token.tokenId}? Entra ID can no longer provision with it.`,
                  csrf,
                  label: 'Revoke',
                  subject: `token ${token.tokenId}`,
                })
              : ''
          }
        </td>
      </tr>`,
  );
  return dataTable({
    caption: 'SCIM tokens',
    captionHidden: true,
    columns: ['Token', 'Created', 'Last used', 'Expires', 'State', ACTIONS_COLUMN],
    rows,
  });
}

function generateForm(accountId: string, csrf: string, error?: string, days = ''): SafeHtml {
  return html`<form method="post" action="${accountPath(accountId, 'scim', 'tokens')}" class="inline-form">
    ${csrfField(csrf)} ${error === undefined ? '' : formError(error, 'generate-error')}
    <div class="field">
      <label for="expiresInDays">Expires after (days, optional)</label>
      <input
        id="expiresInDays"
        name="expiresInDays"
        type="number"
        inputmode="numeric"
        min="1"
        max="${MAX_TOKEN_DAYS}"
        value="${days}"
        aria-describedby="expires-hint"
      />
      <p class="hint" id="expires-hint">Leave empty for a token that does not expire.</p>
    </div>
    <button type="submit">Generate token</button>
  </form>`;
}

/** Configure SCIM: base URL, tokens, and the Entra ID set-up of this account. */
export function registerScim(router: Router, ctx: AdminContext): void {
  const showPage = async (
    res: Response,
    accountId: string,
    notice?: string,
    error?: { text: string; days: string; status: number },
  ) => {
    const { principal, csrf } = sessionOf(res);
    const [tokens, fields] = await Promise.all([
      listScimTokens(ctx, principal, accountId),
      listFields(ctx, principal, accountId),
    ]);
    sendAccountPage(
      res,
      {
        title: 'Configure SCIM',
        accountId,
        active: 'scim',
        notice,
        body: html`<h1>Configure SCIM</h1>
          <section aria-labelledby="connection" class="card">
            <h2 id="connection">Connection</h2>
            ${copyable('base-url', 'SCIM base URL (Tenant URL)', accountBaseUrl(ctx.publicBaseUrl, accountId))}
          </section>
          <section aria-labelledby="tokens" class="card">
            <h2 id="tokens">Tokens</h2>
            <p>
              At most two tokens are active at once. To rotate: generate a new token, paste it into Entra ID,
              then revoke the old one. A token is shown only once, when it is generated.
            </p>
            ${tokenTable(accountId, tokens, csrf)} ${generateForm(accountId, csrf, error?.text, error?.days)}
          </section>
          ${entraSteps(accountId, fields)}`,
      },
      error?.status ?? 200,
    );
  };

  router.get('/accounts/:accountId/scim', async (req, res) => {
    const done = param(req.query, 'done');
    await showPage(res, accountIdOf(req), NOTICES[done]);
  });

  // The only answer that ever carries the clear token: rendered here, never stored, never redirected to.
  router.post('/accounts/:accountId/scim/tokens', async (req, res) => {
    const accountId = accountIdOf(req);
    const { principal } = sessionOf(res);
    const days = param(req.body, 'expiresInDays');
    let generated;
    try {
      if (days !== '' && !/^[0-9]{1,4}$/.test(days))
        throw ScimError.badRequest(
          'invalidValue',
          `Expiry must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}.`,
        );
      generated = await generateScimToken(
        ctx,
        principal,
        accountId,
        days === '' ? {} : { expiresInDays: Number(days) },
      );
    } catch (error) {
      if (isFormError(error)) {
        await showPage(res, accountId, undefined, { text: error.detail, days, status: error.status });
        return;
      }
      throw error;
    }
    const fields = await listFields(ctx, principal, accountId);
    sendAccountPage(res, {
      title: 'New SCIM token',
      accountId,
      active: 'scim',
      body: html`<h1>New SCIM token</h1>
        <div class="card">
          <p class="warning" role="status">
            <strong>Copy the token now.</strong> It is shown only on this page: Roster keeps only a hash, so
            it cannot be shown again.
          </p>
          ${copyable('base-url', 'SCIM base URL (Tenant URL)', generated.baseUrl)}
          ${copyable('token', 'Secret token', generated.token)}
          <p>
            Token <code>${generated.tokenId}</code>, expires
            ${generated.expiresAt === null ? 'never' : when(generated.expiresAt)}.
          </p>
          <script type="application/json" id="scim-connection">
            ${jsonScript(generated.file)}
          </script>
          <p>
            <button
              type="button"
              data-download="scim-connection"
              data-filename="${`roster-scim-${accountId}.json`}"
              hidden
            >
              Download JSON
            </button>
            <a href="${accountPath(accountId, 'scim')}">Back to Configure SCIM</a>
          </p>
        </div>
        ${entraSteps(accountId, fields)}`,
    });
  });

  router.post('/accounts/:accountId/scim/tokens/:tokenId/revoke', async (req, res) => {
    const accountId = accountIdOf(req);
    const revoked = await revokeScimToken(
      ctx,
      sessionOf(res).principal,
      accountId,
      routeParam(req, 'tokenId'),
    );
    seeOther(res, `${accountPath(accountId, 'scim')}?done=${revoked.announced ? 'revoked' : 'revokedLate'}`);
  });
}

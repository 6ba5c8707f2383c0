import { TtlCache } from '@roster/runtime';
import { accountSchema, type AccountSchema } from './account-schema.ts';
import type { Store } from './store.ts';

/**
 * Each account's schema (its custom fields) for validation, filters and /Schemas, cached
 * briefly: every SCIM request needs it, and field changes are rare admin actions that may
 * take `ttlMs` to be seen.
 */
export class AccountSchemaCache {
  private readonly cache: TtlCache<AccountSchema>;

  constructor(
    private readonly store: Store,
    private readonly namespace: string,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache({ ttlMs, maxEntries: 10_000, now });
  }

  of(accountId: string): Promise<AccountSchema> {
    return this.cache.get(accountId, async () => {
      const account = await this.store.accounts.get(accountId);
      return accountSchema(this.namespace, account ?? { id: accountId, fields: [], mappings: [] });
    });
  }
}

import { accountSchema, type AccountSchema } from './account-schema.ts';
import type { Store } from './store.ts';

/**
 * Each account's schema (its custom fields) for validation, filters and /Schemas, cached
 * briefly: every SCIM request needs it, and field changes are rare admin actions that may
 * take `ttlMs` to be seen.
 */
export class AccountSchemaCache {
  private readonly cache = new Map<string, { at: number; schema: Promise<AccountSchema> }>();

  constructor(
    private readonly store: Store,
    private readonly namespace: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  of(accountId: string): Promise<AccountSchema> {
    const hit = this.cache.get(accountId);
    if (hit !== undefined && this.now() - hit.at < this.ttlMs) return hit.schema;
    const schema = this.store.accounts
      .get(accountId)
      .then((account) =>
        accountSchema(this.namespace, account ?? { id: accountId, fields: [], mappings: [] }),
      );
    schema.catch(() => this.cache.delete(accountId));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(accountId, { at: this.now(), schema });
    return schema;
  }
}

import type { Model } from 'mongoose';
import {
  CREDENTIAL_KINDS,
  credentialKey,
  type AdminCredentialDocument,
  type CredentialKind,
} from '../models/admin-credential.model.ts';
import { issueSecret, parseSecret, secretMatches } from '../tokens/keyed-secret.ts';

export interface IssuedCredential {
  id: string;
  /** Shown once: the API key, the cookie value, or the link's secret. */
  clear: string;
  expiresAt: Date | null;
}

export type CredentialCheck =
  | { ok: true; id: string; adminKey: string; accountId: string | null }
  | { ok: false; reason: 'malformed' | 'unknown' | 'mismatch' | 'ended' | 'expired' };

/** A credential's last use is written at most this often: minutes are what an admin wants. */
const USE_RECORD_INTERVAL_MS = 60_000;

/** API keys, console sessions and sign-in links of admins (admin-credential.model.ts). */
export class AdminCredentialRepository {
  constructor(private readonly credentials: Model<AdminCredentialDocument>) {}

  async issue(
    kind: CredentialKind,
    admin: { key: string; accountId: string | null },
    pepper: string,
    options: { ttlMs?: number } = {},
  ): Promise<IssuedCredential> {
    const issued = issueSecret(CREDENTIAL_KINDS[kind], pepper);
    const now = new Date();
    const expiresAt = options.ttlMs === undefined ? null : new Date(now.getTime() + options.ttlMs);
    await this.credentials.create({
      _id: credentialKey(kind, issued.id),
      kind,
      adminKey: admin.key,
      accountId: admin.accountId,
      secretHash: issued.secretHash,
      createdAt: now,
      expiresAt,
      endedAt: null,
      lastUsedAt: null,
    });
    return { id: issued.id, clear: issued.clear, expiresAt };
  }

  async verify(
    kind: CredentialKind,
    presented: string,
    pepper: string,
    now = new Date(),
  ): Promise<CredentialCheck> {
    const parsed = parseSecret(CREDENTIAL_KINDS[kind], presented);
    if (parsed === null) return { ok: false, reason: 'malformed' };
    const doc = await this.credentials
      .findById(credentialKey(kind, parsed.id))
      .lean<AdminCredentialDocument>()
      .exec();
    if (doc === null) return { ok: false, reason: 'unknown' };
    if (!secretMatches(pepper, parsed.secret, doc.secretHash)) return { ok: false, reason: 'mismatch' };
    if (doc.endedAt !== null) return { ok: false, reason: 'ended' };
    if (doc.expiresAt !== null && now >= doc.expiresAt) return { ok: false, reason: 'expired' };
    if (doc.lastUsedAt === null || now.getTime() - doc.lastUsedAt.getTime() > USE_RECORD_INTERVAL_MS)
      void this.credentials
        .updateOne({ _id: doc._id }, { $max: { lastUsedAt: now } })
        .exec()
        .catch(() => undefined);
    return { ok: true, id: parsed.id, adminKey: doc.adminKey, accountId: doc.accountId };
  }

  /**
   * Uses a one-time credential (a sign-in link): verified, then ended by a compare-and-set,
   * so of two uses of one link exactly one succeeds.
   */
  async consume(kind: CredentialKind, presented: string, pepper: string): Promise<CredentialCheck> {
    const check = await this.verify(kind, presented, pepper);
    if (!check.ok) return check;
    const result = await this.credentials
      .updateOne({ _id: credentialKey(kind, check.id), endedAt: null }, { $set: { endedAt: new Date() } })
      .exec();
    return result.modifiedCount === 1 ? check : { ok: false, reason: 'ended' };
  }

  /** Revokes a key or ends a session; false when it was not active. */
  async end(kind: CredentialKind, id: string): Promise<boolean> {
    const result = await this.credentials
      .updateOne({ _id: credentialKey(kind, id), endedAt: null }, { $set: { endedAt: new Date() } })
      .exec();
    return result.modifiedCount === 1;
  }
}

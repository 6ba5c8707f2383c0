import mongoose, { type Connection } from 'mongoose';
import { accountModel } from './models/account.model.ts';
import { scimTokenModel } from './models/scim-token.model.ts';
import { tokenSlotModel } from './models/token-slot.model.ts';
import { groupModel, userModel } from './models/resource.model.ts';
import { nameClaimModel } from './models/name-claim.model.ts';
import { memberOfModel, membershipModel } from './models/membership.model.ts';
import { provisioningLogModel } from './models/provisioning-log.model.ts';
import { ProvisioningLogRepository } from './repositories/provisioning-log.repository.ts';
import { DirectoryRepository } from './directory/directory.repository.ts';
import { AccountRepository } from './repositories/account.repository.ts';
import { ScimTokenRepository } from './repositories/scim-token.repository.ts';
import { ResourceRepository, type BatchingOptions } from './repositories/resource.repository.ts';
import { MembershipRepository } from './repositories/membership.repository.ts';
import { GROUP_KIND, USER_KIND } from './resource-kinds.ts';
import { ExtensionSlots } from './extension-slots.ts';
import { setQueryTimeout } from './time-bounds.ts';
import { adminModel } from './models/admin.model.ts';
import { adminCredentialModel } from './models/admin-credential.model.ts';
import { AdminRepository } from './admins/admin.repository.ts';
import { AdminCredentialRepository } from './admins/admin-credential.repository.ts';
import { detectCapabilities, type StoreCapabilities } from './store-capabilities.ts';
import { DEFAULT_CUSTOM_EXTENSION_NAMESPACE, ENTERPRISE_USER_SCHEMA } from '@roster/scim';

export interface StoreOptions {
  /** Overrides the database named in the URL (tests use one database per suite). */
  dbName?: string;
  /** Connection pool size per process; reads and writes of one process share it. */
  maxPoolSize?: number;
  /**
   * Inserts of concurrent writes are grouped into one command (group-commit.ts): at most
   * `maxBatch` documents, `maxInFlight` commands per collection at once.
   */
  batching?: BatchingOptions;
  /** Namespace of each account's extension URN (`<namespace>:<accountId>:2:User`). */
  customNamespace?: string;
  /**
   * Server-side limit of every query (`maxTimeMS`, see time-bounds.ts). Default 10 s.
   * Ingress passes a shorter one than the worker: a read answers a waiting client.
   */
  queryTimeoutMs?: number;
  /**
   * Client-side limit on any one operation, writes included (the socket timeout: a
   * connection that stays silent this long is closed and the operation fails as a network
   * timeout, which the worker retries and ingress answers 503). Default 20 s.
   */
  operationTimeoutMs?: number;
}

/** The repositories of one MongoDB database, over one connection pool. */
export interface Store {
  readonly accounts: AccountRepository;
  readonly tokens: ScimTokenRepository;
  readonly users: ResourceRepository;
  readonly groups: ResourceRepository;
  readonly memberships: MembershipRepository;
  /** Every SCIM write and attempted write, per account (docs/provisioning-log.md). */
  readonly provisioningLog: ProvisioningLogRepository;
  /** The admin's user management table, groups and members, at any account size. */
  readonly directory: DirectoryRepository;
  readonly admins: AdminRepository;
  readonly adminCredentials: AdminCredentialRepository;
  /** What the store does fast or atomically (asked once, on first use). */
  capabilities(): Promise<StoreCapabilities>;
  /** Creates every declared index; idempotent, run at worker/CLI start-up. */
  ensureIndexes(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const connection: Connection = mongoose.createConnection(url, {
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
    maxPoolSize: options.maxPoolSize ?? 20,
    // Fail a request quickly when the store is down instead of buffering it in memory.
    bufferCommands: false,
    serverSelectionTimeoutMS: 5_000,
    socketTimeoutMS: options.operationTimeoutMs ?? 20_000,
    autoIndex: false,
    autoCreate: false,
  });
  setQueryTimeout(connection, options.queryTimeoutMs ?? 10_000);
  await connection.asPromise();

  const batching = options.batching ?? { maxBatch: 200, maxInFlight: 2 };
  const accounts = accountModel(connection);
  const tokens = scimTokenModel(connection);
  const tokenSlots = tokenSlotModel(connection);
  const users = userModel(connection);
  const groups = groupModel(connection);
  const userNames = nameClaimModel(connection, 'UserNameClaim', 'user_name_claims');
  const groupNames = nameClaimModel(connection, 'GroupNameClaim', 'group_name_claims');
  const memberships = membershipModel(connection);
  const memberOf = memberOfModel(connection);
  const provisioningLog = provisioningLogModel(connection);
  const admins = adminModel(connection);
  const adminEmails = nameClaimModel(connection, 'AdminEmailClaim', 'admin_email_claims');
  const adminCredentials = adminCredentialModel(connection);
  const userSlots = new ExtensionSlots(
    [[ENTERPRISE_USER_SCHEMA, 'enterprise']],
    options.customNamespace ?? DEFAULT_CUSTOM_EXTENSION_NAMESPACE,
  );
  const models = [
    accounts,
    tokens,
    tokenSlots,
    users,
    groups,
    userNames,
    groupNames,
    memberships,
    memberOf,
    admins,
    adminEmails,
    adminCredentials,
    provisioningLog,
  ];
  const capabilities = memoisedCapabilities(connection, users.collection.collectionName);
  const membershipRepository = new MembershipRepository(memberships, memberOf, batching, capabilities);

  return {
    accounts: new AccountRepository(accounts),
    tokens: new ScimTokenRepository(tokens, tokenSlots),
    users: new ResourceRepository(users, userNames, USER_KIND, userSlots, batching, capabilities),
    groups: new ResourceRepository(
      groups,
      groupNames,
      GROUP_KIND,
      new ExtensionSlots([]),
      batching,
      capabilities,
      membershipRepository,
    ),
    memberships: membershipRepository,
    provisioningLog: new ProvisioningLogRepository(provisioningLog, accounts, batching, capabilities),
    directory: new DirectoryRepository(
      {
        User: { resources: users, names: userNames, slots: userSlots },
        Group: { resources: groups, names: groupNames, slots: new ExtensionSlots([]) },
      },
      memberships,
      capabilities,
    ),
    admins: new AdminRepository(admins, adminEmails, accounts),
    adminCredentials: new AdminCredentialRepository(adminCredentials),
    capabilities,
    async ensureIndexes() {
      for (const model of models) {
        await (model.createCollection() as Promise<unknown>).catch(ignoreNamespaceExists);
        await model.createIndexes();
      }
    },
    async ping() {
      try {
        const db = connection.db;
        if (db === undefined) return false;
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
    },
  };
}

/**
 * The store's capabilities, asked on first use (after start-up has created the collections,
 * which FerretDB needs to show a plan); a failed probe is asked again next time.
 */
function memoisedCapabilities(connection: Connection, collection: string): () => Promise<StoreCapabilities> {
  let known: Promise<StoreCapabilities> | undefined;
  return () => {
    const db = connection.db;
    if (db === undefined) return Promise.reject(new Error('store connection is not open'));
    known ??= detectCapabilities(db, collection).catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };
}

/** `createCollection` on an existing collection fails with NamespaceExists (48); that is fine. */
function ignoreNamespaceExists(error: unknown): void {
  if (typeof error === 'object' && error !== null && 'code' in error && error.code === 48) return;
  throw error;
}

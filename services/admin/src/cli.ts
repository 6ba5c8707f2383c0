import { parseArgs } from 'node:util';
import { ConfigError } from '@roster/runtime';
import { openStore, type Store } from '@roster/store';
import { accountCreate, accountRateLimit } from './commands/account-create.ts';
import { tokenCreate } from './commands/token-create.ts';
import { tokenRevoke } from './commands/token-revoke.ts';
import { fieldAdd, fieldList, fieldRemove, mappingSet } from './commands/fields.ts';
import { adminAdd, adminLink, apiKeyCreate, apiKeyRevoke, operatorAdd } from './commands/admin-access.ts';
import { CliError } from './cli-error.ts';
import { loadAdminConfig } from './config.ts';

const USAGE = `Usage:
  roster account create <accountId> [--name <name>]
  roster account rate-limit <accountId> <perSecond>/<burst>|default
  roster token create <accountId> [--json] [--expires-in-days <days>]
  roster token revoke <accountId> <tokenId>
  roster field add <accountId> <fieldId> --type <String|Number|Boolean|Date|DateTime|Dropdown|Currency|Reference>
                   [--label <label>] [--options <a,b,c>] [--currencies <USD,EUR>] [--required] [--target <column>] [--indexed]
  roster field list <accountId> [--json]
  roster field remove <accountId> <fieldId>
  roster mapping set <accountId> <column> <jsonpath> [<jsonpath> ...]
  roster admin add <accountId> <email> [--role owner|super_admin|user_admin|member] [--name <name>] [--password-stdin]
  roster admin link <email>            (a new one-time console sign-in link)
  roster operator add <email> [--name <name>]
  roster apikey create <email>         (an admin API key, shown once)
  roster apikey revoke <keyId>

Environment: MONGO_URL, REDIS_URL, QUEUE_PREFIX, PUBLIC_BASE_URL (or PORT), TOKEN_PEPPER, CUSTOM_SCHEMA_NAMESPACE — same defaults as npm start.`;

async function run(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      'expires-in-days': { type: 'string' },
      help: { type: 'boolean' },
      type: { type: 'string' },
      label: { type: 'string' },
      options: { type: 'string' },
      currencies: { type: 'string' },
      required: { type: 'boolean', default: false },
      target: { type: 'string' },
      indexed: { type: 'boolean', default: false },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const [noun, verb, accountId, ...rest] = positionals;
  if (values.help === true || noun === undefined) return USAGE;
  if (accountId === undefined) throw new CliError(USAGE);

  const config = loadAdminConfig(process.env);
  const command = `${noun} ${verb ?? ''}`;
  const withStore = async <T>(work: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore(config.mongoUrl).catch((error: unknown) => {
      throw new CliError(
        `Cannot reach the store at ${redactUrl(config.mongoUrl)}: ${String(error)}\nIs Roster's local store running? (npm run services up)`,
      );
    });
    try {
      await store.ensureIndexes();
      return await work(store);
    } finally {
      await store.close();
    }
  };

  const one = (): string => {
    if (rest.length !== 1 || rest[0] === undefined) throw new CliError(USAGE);
    return rest[0];
  };
  if (
    rest.length > 0 &&
    !['field add', 'field remove', 'mapping set', 'token revoke', 'admin add', 'account rate-limit'].includes(
      command,
    )
  )
    throw new CliError(USAGE);
  switch (command) {
    case 'field add': {
      const fieldId = one();
      return withStore((store) =>
        fieldAdd(config, store, accountId, fieldId, {
          type: values.type,
          label: values.label,
          options: values.options,
          currencies: values.currencies,
          required: values.required,
          target: values.target,
          indexed: values.indexed,
        }),
      );
    }
    case 'field list':
      return withStore((store) => fieldList(config, store, accountId, values.json));
    case 'field remove': {
      const fieldId = one();
      return withStore((store) => fieldRemove(config, store, accountId, fieldId));
    }
    case 'mapping set': {
      const [target, ...sources] = rest;
      if (target === undefined) throw new CliError(USAGE);
      return withStore((store) => mappingSet(config, store, accountId, target, sources));
    }
    case 'account rate-limit': {
      const rate = one();
      return withStore((store) => accountRateLimit(config, store, accountId, rate));
    }
    case 'account create':
      return withStore((store) => accountCreate(config, store, accountId, values.name));
    case 'token create': {
      const file = await withStore((store) =>
        tokenCreate(config, store, accountId, expiresInDays(values['expires-in-days'])),
      );
      if (values.json) return JSON.stringify(file);
      return [
        `SCIM connection for account ${accountId} (the token is shown only once):`,
        `  Tenant URL:   ${file.baseUrl}`,
        `  Secret Token: ${file.token}`,
      ].join('\n');
    }
    case 'token revoke': {
      const tokenId = one();
      return withStore((store) => tokenRevoke(config, store, accountId, tokenId));
    }
    case 'admin add': {
      const email = one();
      const password = values['password-stdin'] ? await passwordFromStdin() : undefined;
      return withStore((store) =>
        adminAdd(config, store, accountId, email, { name: values.name, role: values.role, password }),
      );
    }
    // For these the third word is an email, not an account id.
    case 'admin link':
      return withStore((store) => adminLink(config, store, accountId));
    case 'operator add':
      return withStore((store) => operatorAdd(config, store, accountId, values.name));
    case 'apikey create':
      return withStore((store) => apiKeyCreate(config, store, accountId));
    case 'apikey revoke':
      return withStore((store) => apiKeyRevoke(config, store, accountId));
    default:
      throw new CliError(USAGE);
  }
}

/** `--expires-in-days` as a number; its range is the operation's to check (generateScimToken). */
const expiresInDays = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

/** The first line of standard input, so a password never appears in the process list. */
async function passwordFromStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password === '') throw new CliError('--password-stdin: no password on standard input');
  return password;
}

/** node:util parseArgs rejects unknown or malformed options with ERR_PARSE_ARGS_* codes. */
const isArgumentError = (error: unknown): error is Error =>
  error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');

/** Credentials in a MongoDB URL must not reach the terminal or CI logs. */
const redactUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

try {
  process.stdout.write(`${await run(process.argv.slice(2))}\n`);
} catch (error) {
  if (error instanceof CliError || error instanceof ConfigError || isArgumentError(error)) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}

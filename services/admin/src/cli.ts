import { parseArgs } from 'node:util';
import { ConfigError } from '@roster/runtime';
import { openStore, type Store } from '@roster/store';
import { accountCreate } from './commands/account-create.ts';
import { tokenCreate } from './commands/token-create.ts';
import { CliError } from './cli-error.ts';
import { loadAdminConfig } from './config.ts';

const USAGE = `Usage:
  roster account create <accountId> [--name <name>]
  roster token create <accountId> [--json]

Environment: MONGO_URL, PUBLIC_BASE_URL (or PORT), TOKEN_PEPPER — same defaults as npm start.`;

async function run(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  const [noun, verb, accountId] = positionals;
  if (values.help === true || noun === undefined) return USAGE;
  if (accountId === undefined || positionals.length > 3) throw new CliError(USAGE);

  const config = loadAdminConfig(process.env);
  const command = `${noun} ${verb ?? ''}`;
  const withStore = async <T>(work: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore(config.mongoUrl).catch((error: unknown) => {
      throw new CliError(`Cannot reach the store at ${redactUrl(config.mongoUrl)}: ${String(error)}\nIs Roster's local store running? (npm run services up)`);
    });
    try {
      await store.ensureIndexes();
      return await work(store);
    } finally {
      await store.close();
    }
  };

  switch (command) {
    case 'account create':
      return withStore((store) => accountCreate(store, accountId, values.name));
    case 'token create': {
      const file = await withStore((store) => tokenCreate(store, accountId, config.tokenPepper(), config.publicBaseUrl));
      if (values.json) return JSON.stringify(file);
      return [
        `SCIM connection for account ${accountId} (the token is shown only once):`,
        `  Tenant URL:   ${file.baseUrl}`,
        `  Secret Token: ${file.token}`,
      ].join('\n');
    }
    default:
      throw new CliError(USAGE);
  }
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

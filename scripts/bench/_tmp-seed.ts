import { openStore, accountSchema } from '@roster/store';
import { DEFAULT_CUSTOM_EXTENSION_NAMESPACE } from '@roster/scim';
import { seedAccount } from '/work/main/scripts/bench/directory-seed.ts';
const store = await openStore(process.env.MONGO_URL!, { dbName: 'bench_admin_dir_probe' });
await store.ensureIndexes();
const urn = accountSchema(DEFAULT_CUSTOM_EXTENSION_NAMESPACE, { id: 'big', fields: [], mappings: [] }).customUrn;
const seeded = await seedAccount(store, 'big', Number(process.argv[2] ?? 100000), urn, console.log);
console.log(JSON.stringify(seeded.groupIds));
await store.close();

export * from './catalog/commands.ts';
export * from './catalog/payload-schemas.ts';
export * from './write-outcome.ts';
export * from './queue-names.ts';
export * from './job-options.ts';
export * from './redis-connection.ts';
export * from './write-client.ts';
export * from './worker-heartbeat.ts';

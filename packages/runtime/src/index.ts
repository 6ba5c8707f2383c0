export * from './env.ts';
export * from './token-pepper.ts';
export * from './paths.ts';
export * from './shutdown.ts';
export * from './ttl-cache.ts';
export * from './scim-base-url.ts';
export * from './warn-at-most-every.ts';

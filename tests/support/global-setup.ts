import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string;
    redisUrl: string;
  }
}

/**
 * Integration tests talk to a real Redis and a real MongoDB-compatible store.
 * - `MONGO_URL` and `REDIS_URL` set (scripts/test.sh sets them from scripts/services.sh): use them.
 * - otherwise, where a Docker engine answers, testcontainers starts MongoDB and Redis.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mongoUrl = process.env.MONGO_URL;
  const redisUrl = process.env.REDIS_URL;
  if (mongoUrl !== undefined && redisUrl !== undefined) {
    project.provide('mongoUrl', mongoUrl);
    project.provide('redisUrl', redisUrl);
    return () => Promise.resolve();
  }
  const { GenericContainer, Wait } = await import('testcontainers').catch(() => {
    throw new Error(
      'Set MONGO_URL and REDIS_URL (npm test does) or install testcontainers with a Docker engine',
    );
  });
  let mongo;
  let redis;
  try {
    [mongo, redis] = await Promise.all([
      new GenericContainer('mongo:7')
        .withExposedPorts(27017)
        .withWaitStrategy(Wait.forListeningPorts())
        .start(),
      new GenericContainer('redis:7-alpine')
        .withCommand(['redis-server', '--maxmemory-policy', 'noeviction'])
        .withExposedPorts(6379)
        .start(),
    ]);
  } catch (error) {
    throw new Error(
      `No MONGO_URL/REDIS_URL and no Docker engine for testcontainers (${String(error)}). Run the tests with: npm test`,
    );
  }
  project.provide('mongoUrl', `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/roster`);
  project.provide('redisUrl', `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`);
  return async () => {
    await Promise.all([mongo.stop(), redis.stop()]);
  };
}

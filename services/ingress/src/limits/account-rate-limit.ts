import type { RedisClient } from '@roster/jobs';
import { createRedisConnection } from '@roster/jobs';

/** An account's request budget: a steady rate and the burst it may spend at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Token bucket in one Redis hash per account (`<prefix>:rate:<account>`): refilled at
 * `perSecond`, capped at `burst`, one token per request. Redis's own clock decides, so every
 * ingress process shares one budget per account whatever their clocks say. One key per call
 * (Redis Cluster safe under the `{roster}` hash tag). Returns 1, or 0 and the wait in ms.
 */
const TAKE_TOKEN = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1]) or burst
local since = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - since) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, wait}
`;

interface RateLimitCommands {
  takeToken(key: string, perSecond: number, burst: number): Promise<[number, number]>;
}

/**
 * Per-account rate limits shared by every ingress process (one Redis round trip per request).
 * Fails open: when Redis does not answer, the request goes ahead (Redis down already refuses
 * writes with 503; reads must not fail for want of a counter), and `onDegraded` hears of it.
 */
export class AccountRateLimiter {
  /**
   * Until when each account's bucket is known to be empty: requests before then are refused
   * here, without a Redis round trip, so a flood costs one Redis call per token, not per request.
   */
  private readonly emptyUntil = new Map<string, number>();

  private constructor(
    private readonly redis: RedisClient & RateLimitCommands,
    private readonly prefix: string,
    private readonly limitOf: (accountId: string) => RateLimit,
    private readonly onDegraded: (error: unknown) => void,
  ) {}

  /** On a connection of its own that fails fast (no offline queue), like the write producer's. */
  static connect(
    redisUrl: string,
    prefix: string,
    limitOf: (accountId: string) => RateLimit,
    onDegraded: (error: unknown) => void,
  ): AccountRateLimiter {
    const redis = createRedisConnection(redisUrl, 'producer');
    redis.on('error', onDegraded);
    redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
    return new AccountRateLimiter(redis as RedisClient & RateLimitCommands, prefix, limitOf, onDegraded);
  }

  /** Spends one token of the account's bucket; `stored` is the account's own limit, when set. */
  async take(accountId: string, stored?: RateLimit): Promise<RateDecision> {
    const until = this.emptyUntil.get(accountId);
    if (until !== undefined && Date.now() < until) return refused(until - Date.now());
    const { perSecond, burst } = stored ?? this.limitOf(accountId);
    try {
      const [allowed, waitMs] = await this.redis.takeToken(
        `${this.prefix}:rate:${accountId}`,
        perSecond,
        burst,
      );
      if (allowed === 1) {
        this.emptyUntil.delete(accountId);
        return { allowed: true };
      }
      this.emptyUntil.set(accountId, Date.now() + waitMs);
      return refused(waitMs);
    } catch (error) {
      this.onDegraded(error);
      return { allowed: true };
    }
  }

  close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }
}

const refused = (waitMs: number): RateDecision => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
});

/**
 * `ACCOUNT_RATE_LIMITS`: per-account overrides, `acct-1=100/400,acct-2=10/20` (requests per
 * second / burst); every other account gets the default.
 */
export function parseRateLimits(spec: string): Map<string, RateLimit> | { error: string } {
  const limits = new Map<string, RateLimit>();
  for (const entry of spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [, accountId, rate, size] =
      /^([A-Za-z0-9][A-Za-z0-9_-]*)=(\d+(?:\.\d+)?)\/(\d+)$/.exec(entry) ?? [];
    if (accountId === undefined) return { error: `"${entry}" is not <account>=<per second>/<burst>` };
    const perSecond = Number(rate);
    const burst = Number(size);
    if (perSecond <= 0 || burst < 1)
      return { error: `"${entry}" needs a rate above 0 and a burst of at least 1` };
    limits.set(accountId, { perSecond, burst });
  }
  return limits;
}

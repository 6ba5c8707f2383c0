import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Console passwords are stored as scrypt hashes (a memory-hard KDF from node:crypto):
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>`, the parameters kept with the hash so they can be raised
 * later without invalidating existing passwords. N = 2^15, r = 8 costs 32 MiB and about 60 ms
 * per check here, which is what makes a stolen hash slow to guess.
 */
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MIN_LENGTH = 12;
const MAX_LENGTH = 256;

const derive = (password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    // maxmem must exceed 128 * N * r, or node refuses the parameters.
    scrypt(password, salt, length, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });

/** Why a password cannot be set, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_LENGTH) return `a password needs at least ${MIN_LENGTH} characters`;
  if (password.length > MAX_LENGTH) return `a password has at most ${MAX_LENGTH} characters`;
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMETERS, KEY_LENGTH);
  const { N, r, p } = PARAMETERS;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    { N: Number(n), r: Number(r), p: Number(p) },
    expected.length,
  );
  return timingSafeEqual(key, expected);
}

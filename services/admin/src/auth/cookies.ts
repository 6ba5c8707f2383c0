import type { Request, Response } from 'express';

/** One cookie's value from the request, or undefined; values are never decoded into objects. */
export function cookieOf(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at === -1 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Sets (or, with `value` null, clears) the session cookie: HttpOnly so scripts never see it,
 * SameSite=Lax so other sites cannot post with it, Secure whenever the console is served over https.
 */
export function setSessionCookie(
  res: Response,
  name: string,
  value: string | null,
  options: { secure: boolean; expiresAt?: Date },
): void {
  res.cookie(name, value ?? '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    ...(value === null
      ? { expires: new Date(0) }
      : options.expiresAt === undefined
        ? {}
        : { expires: options.expiresAt }),
  });
}

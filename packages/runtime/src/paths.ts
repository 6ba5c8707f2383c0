import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (packages are consumed from source, so this file's location is stable). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const DEV_PEPPER_FILE = join(REPO_ROOT, '.local', 'token-pepper');

#!/usr/bin/env node
// The CLI is TypeScript consumed from source (no build step); tsx registers the loader
// relative to this file, so `npx roster` works from any directory of the workspace.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');

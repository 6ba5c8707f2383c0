import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Router } from 'express';

interface Asset {
  body: Buffer;
  type: string;
  /** Content hash: the URL changes with the file, so browsers may keep it for a year. */
  version: string;
}

const ASSET_TYPES = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
};
export type AssetName = keyof typeof ASSET_TYPES;

const load = (name: AssetName): Asset => {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
  return {
    body,
    type: ASSET_TYPES[name],
    version: createHash('sha256').update(body).digest('hex').slice(0, 12),
  };
};

// Read once: two small files, served from memory.
const ASSETS: Record<AssetName, Asset> = {
  'console.css': load('console.css'),
  'console.js': load('console.js'),
};

/** The URL pages link to. */
export const assetUrl = (name: AssetName): string => `/console/assets/${name}?v=${ASSETS[name].version}`;

/** Serves the stylesheet and script; no sign-in needed, they hold no data. */
export function assetRoutes(): Router {
  const router = Router();
  for (const [name, asset] of Object.entries(ASSETS)) {
    router.get(`/assets/${name}`, (req, res) => {
      const current = req.query.v === asset.version;
      res
        .status(200)
        .type(asset.type)
        .setHeader('Cache-Control', current ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(asset.body);
    });
  }
  return router;
}

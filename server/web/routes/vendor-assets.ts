import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { ROOT_DIR } from '../../paths.js';

/**
 * Third-party browser code served from our own origin: the CSP allows only 'self' scripts, and a CDN would
 * be one more party able to run code inside a location's CRM. Files are read from the installed package, so
 * upgrading the dependency upgrades what we serve.
 */
const VENDOR_FILES: Record<string, string> = {
  'chart.umd.js': 'node_modules/chart.js/dist/chart.umd.js',
};

export function vendorAssetRoutes(opts: { maxAgeSeconds: number }): Router {
  const r = Router();
  const cache = new Map<string, Buffer>();
  r.get('/static/vendor/:file', (req, res, next) => {
    const rel = VENDOR_FILES[req.params.file];
    if (!rel) return next();
    let body = cache.get(rel);
    if (!body) {
      body = fs.readFileSync(path.join(ROOT_DIR, rel));
      cache.set(rel, body);
    }
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', `public, max-age=${opts.maxAgeSeconds}`);
    res.send(body);
  });
  return r;
}

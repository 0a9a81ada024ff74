import helmet from 'helmet';
import type { Config } from '../../config.js';

/**
 * CSP for our own assets only, and `frame-ancestors` limited to GHL's origins (plus any white-label
 * domains configured) so GHL can embed our page and nobody else can. X-Frame-Options is off because it
 * cannot express a list of origins; CSP governs framing.
 */
export function securityHeaders(config: Config) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'", ...config.ghl.frameAncestors],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    // GHL embeds us cross-site; the default same-origin policies would break the iframe's opener messaging
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Container } from './container.js';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { apiLimiter, pageLimiter } from './middleware/rate-limits.js';
import { requestContext } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { metricsRoutes } from './routes/metrics.js';
import { razorpayConnectionRoutes } from './routes/razorpay-connection.js';
import { mountRazorpayWebhook } from './routes/razorpay-webhook.js';
import { sessionRoutes } from './routes/session.js';
import { workflowRoutes } from './routes/workflows.js';
import { paymentsQueryRoutes } from './routes/payments-query.js';
import { paymentsCheckoutRoutes } from './routes/payments-checkout.js';
import { paymentsProviderApiRoutes } from './routes/payments-provider-api.js';
import { agencyApiRoutes } from './routes/agency-api.js';
import { appPageRoutes } from './routes/app-page.js';
import { dashboardApiRoutes } from './routes/dashboard-api.js';
import { settingsApiRoutes } from './routes/settings-api.js';
import { dealsApiRoutes } from './routes/deals-api.js';
import { devSessionRoutes } from './routes/dev-session.js';
import { vendorAssetRoutes } from './routes/vendor-assets.js';
import { VIEWS_DIR } from '../paths.js';
import { ghlOAuthRoutes } from '../ghl/oauth-routes.js';
import { ghlWebhookRoute } from '../ghl/webhook-route.js';

export const JSON_LIMIT = '100kb';

type ExpressHandle = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * Builds the express app from a container. No `listen` here: the entry point listens, tests use supertest.
 * Webhook routes mount before any JSON parser because their signatures cover the raw bytes.
 */
export function createApp(c: Container): Express {
  const app = express();
  app.disable('x-powered-by');
  // off unless TRUST_PROXY names how many proxies sit in front (Heroku: 1): otherwise anyone could pick their own
  // address for the per-address limits with an X-Forwarded-For header
  app.set('trust proxy', c.config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);

  app.use(requestContext(c.log));

  // Machine endpoints first (issue 17): they answer machines with JSON, so the page policies, health, assets and
  // static files below are work they never need. They keep their own body limit, verification, budgets (spent
  // after verification) and durability. Raw-body routes (webhooks) each bring their own parser. Razorpay's first:
  // it is the busiest path by far.
  const razorpayFastPath = mountRazorpayWebhook(app, c);
  app.use(ghlWebhookRoute(c));
  app.use('/webhooks/ghl', c.webhookBudgets.unverified('ghl'));
  // GHL workflow calls: own secret check and JSON parser
  app.use(workflowRoutes(c));
  // GHL's payments queryUrl: apiKey in the body, own parser and budget
  app.use(paymentsQueryRoutes(c));

  app.use(securityHeaders(c.config));
  app.use(healthRoutes(c));
  app.use(vendorAssetRoutes({ maxAgeSeconds: c.config.isProduction ? 3600 : 0 }));
  app.use(metricsRoutes(c));
  app.use('/static', express.static(path.join(VIEWS_DIR, 'static'), { maxAge: c.config.isProduction ? '1h' : 0, index: false }));
  // the checkout page is a page (GHL frames it): it keeps the page policies
  app.use(paymentsCheckoutRoutes(c));

  app.use('/api', apiLimiter(c.budgets), express.json({ limit: JSON_LIMIT }));
  // no page posts a form (every form is sent as JSON by the page script), so no urlencoded parser is mounted
  app.use(pageLimiter(c.budgets));
  app.use(homeRoutes(c));
  app.use(ghlOAuthRoutes(c));
  app.use(sessionRoutes(c));
  app.use(razorpayConnectionRoutes(c));
  app.use(paymentsProviderApiRoutes(c));
  app.use(appPageRoutes(c));
  app.use(dashboardApiRoutes(c));
  app.use(settingsApiRoutes(c));
  app.use(dealsApiRoutes(c));
  app.use(agencyApiRoutes(c));
  if (c.config.devLogin && !c.config.isProduction && c.config.localAppUrl && !c.config.ghl.configured) app.use(devSessionRoutes(c));

  app.use(notFound);
  app.use(errorHandler(c.log));

  // The Razorpay webhook as Razorpay sends it is answered before express handles the request at all (see
  // razorpayWebhookFastPath, with the express route's handler): `app` is what the server and supertest call, and it calls `app.handle`.
  // (express/lib/express.js; its types leave `handle` out). test/web/razorpay-webhook-fast-path.test.ts fails if
  // express stops calling it, or if the two paths stop answering alike.
  const handled = app as Express & { handle: ExpressHandle };
  const viaExpress = handled.handle.bind(app);
  handled.handle = (req, res, next) => {
    if (!razorpayFastPath(req, res)) viaExpress(req, res, next);
  };
  return app;
}

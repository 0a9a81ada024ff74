import express, { Router } from 'express';
import type { Config } from '../../config.js';
import type { Container } from '../container.js';
import { apiLimiter, pageLimiter } from '../middleware/rate-limits.js';

/**
 * The checkout page's CSP: the app's own policy plus exactly Razorpay Checkout's origin (its script, and the
 * frames and requests it makes to it and to the Razorpay API origin). GHL's origins may frame it.
 */
export function checkoutCsp(config: Config): string {
  const checkout = new URL(config.payments.checkoutScriptUrl).origin;
  const api = new URL(config.razorpay.apiUrl).origin;
  const both = [...new Set([checkout, api])].join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${checkout}`,
    "style-src 'self'",
    `img-src 'self' data: ${checkout}`,
    `connect-src 'self' ${both}`,
    `frame-src ${both}`,
    `frame-ancestors 'self' ${config.ghl.frameAncestors.join(' ')}`,
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * `GET /payments/checkout` (GHL's paymentsUrl, framed by GHL) and `GET /payments/checkout/window` (the same flow
 * in a window of its own, where a browser blocks Checkout inside a third-party frame); `POST …/order` and
 * `POST …/confirm` are the page's calls. The page carries no secret: only the GHL origins it trusts and the
 * Checkout script's URL.
 */
export function paymentsCheckoutRoutes(c: Container): Router {
  const r = Router();
  const page = (windowed: boolean): express.RequestHandler => (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', checkoutCsp(c.config));
    res.render('checkout', { ghlOrigins: c.config.ghl.frameAncestors, checkoutScriptUrl: c.config.payments.checkoutScriptUrl, propsTimeoutMs: c.config.payments.propsTimeoutMs, windowed });
  };
  r.get('/payments/checkout', pageLimiter(c.budgets), page(false));
  r.get('/payments/checkout/window', pageLimiter(c.budgets), page(true));
  const json = [apiLimiter(c.budgets), express.json({ limit: '16kb' })];
  r.post('/payments/checkout/order', ...json, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await c.payments.createOrder(req.body));
  });
  r.post('/payments/checkout/confirm', ...json, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await c.payments.confirm(req.body));
  });
  return r;
}

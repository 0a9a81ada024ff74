// GHL's custom payment provider page: GHL frames it, we say we are ready, GHL sends payment_initiate_props (only
// accepted from our parent on a configured GHL origin), the server makes the Razorpay order, Razorpay Checkout
// takes the money, the server checks Checkout's signature, and the outcome goes back to GHL. No key secret here.
import { originAllowed } from './sso.js';

const body = document.body;
const patterns = (body.dataset.ghlOrigins || '').split(/\s+/).filter(Boolean);
const propsTimeoutMs = Number(body.dataset.propsTimeoutMs) || 15000;
const windowed = body.dataset.windowed === 'on';
const $ = (id) => document.getElementById(id);

function show(state, text) {
  $('checkout').dataset.state = state;
  $('checkout-status').textContent = text;
}

async function post(path, data) {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((json.error && json.error.message) || 'The payment service did not answer');
  return json;
}

// Where outcomes go: GHL (our parent) in the frame; the framing page (our opener, same origin) in a new window.
function tell(message) {
  if (windowed) {
    if (window.opener) window.opener.postMessage({ type: 'rzp_window_result', message }, location.origin);
    return;
  }
  window.parent.postMessage(message, '*'); // outcomes carry no secret; GHL's origin is white-label, so '*'
}
const success = (chargeId) => tell({ type: 'custom_element_success_response', chargeId });
const failure = (description) => tell({ type: 'custom_element_error_response', error: { description } });
const closed = () => tell({ type: 'custom_element_close_response' });

const money = (minor, currency, exp) => {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 10 ** exp);
  } catch {
    return `${currency} ${(minor / 10 ** exp).toFixed(exp)}`;
  }
};
const exponent = (c) => ({ JPY: 0, KWD: 3, BHD: 3, OMR: 3 })[c] ?? 2;

let props;
let order;
let finished = false;

async function confirm(resp) {
  show('confirming', 'Confirming the payment…');
  try {
    const r = await post('/payments/checkout/confirm', {
      locationId: props.locationId,
      transactionId: props.transactionId,
      subscriptionId: order.subscriptionId ? props.subscriptionId : undefined,
      razorpay_order_id: resp.razorpay_order_id,
      razorpay_subscription_id: resp.razorpay_subscription_id,
      razorpay_payment_id: resp.razorpay_payment_id,
      razorpay_signature: resp.razorpay_signature,
    });
    finished = true;
    show('paid', 'Payment received. Thank you!');
    $('checkout-window').hidden = true;
    $('checkout-retry').hidden = true;
    success(r.chargeId);
    if (windowed) setTimeout(() => window.close(), 1500);
  } catch (e) {
    finished = true;
    show('error', `The payment could not be confirmed: ${e.message}`);
    failure(e.message);
  }
}

function openCheckout() {
  if (typeof window.Razorpay !== 'function') {
    show('blocked', 'The Razorpay payment window could not load here.');
    $('checkout-window').hidden = windowed;
    return;
  }
  const c = props.contact || {};
  try {
    const rzp = new window.Razorpay({
      key: order.keyId,
      // a subscription's first charge pays the subscription, not an order (Razorpay Checkout takes one or the other)
      ...(order.subscriptionId ? { subscription_id: order.subscriptionId } : { order_id: order.orderId, amount: order.amount, currency: order.currency }),
      name: 'Payment',
      description: props.productDetails && props.productDetails[0] && props.productDetails[0].name ? String(props.productDetails[0].name).slice(0, 100) : undefined,
      prefill: { name: order.prefill.name || c.name, email: order.prefill.email || c.email, contact: order.prefill.contact || c.contact },
      notes: { ghl_transaction_id: props.transactionId },
      handler: confirm,
      modal: {
        ondismiss() {
          if (finished) return;
          show('closed', 'The payment window was closed.');
          $('checkout-retry').hidden = false;
          closed();
        },
      },
    });
    rzp.on('payment.failed', (resp) => {
      const d = (resp && resp.error && resp.error.description) || 'The payment failed';
      show('error', `The payment failed: ${d}`);
      $('checkout-retry').hidden = false;
      failure(d);
    });
    rzp.open();
    show('open', 'Complete the payment in the Razorpay window.');
    // a frame-blocked Checkout gives no signal in every browser: always offer the way out
    $('checkout-window').hidden = windowed;
  } catch (e) {
    show('blocked', 'The Razorpay payment window could not open here.');
    $('checkout-window').hidden = windowed;
  }
}

async function start(p) {
  props = p;
  show('preparing', 'Preparing the payment…');
  const exp = exponent(String(p.currency || '').toUpperCase());
  try {
    order = await post('/payments/checkout/order', {
      locationId: p.locationId,
      transactionId: p.transactionId,
      orderId: p.orderId,
      subscriptionId: p.subscriptionId,
      publishableKey: p.publishableKey,
      amount: p.amount,
      currency: p.currency,
      mode: p.mode,
      contact: p.contact ? { id: p.contact.id, name: p.contact.name, email: p.contact.email, contact: p.contact.contact } : undefined,
      productDetails: Array.isArray(p.productDetails) ? p.productDetails.slice(0, 50) : undefined,
    });
  } catch (e) {
    show('error', `The payment could not be prepared: ${e.message}`);
    failure(e.message);
    return;
  }
  const amount = $('checkout-amount');
  amount.textContent = money(order.amount, order.currency, exp);
  amount.hidden = false;
  if (window.Razorpay) openCheckout();
  else window.addEventListener('load', openCheckout, { once: true });
}

function parse(data) {
  if (typeof data === 'string') {
    try {
      return JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  return data;
}

$('checkout-retry').addEventListener('click', () => {
  $('checkout-retry').hidden = true;
  openCheckout();
});

if (windowed) {
  // the framed page handed us GHL's props through the fragment (never sent to a server)
  try {
    const p = JSON.parse(decodeURIComponent(location.hash.slice(1)));
    if (p && p.transactionId) start(p);
    else show('error', 'This window was opened without payment details.');
  } catch {
    show('error', 'This window was opened without payment details.');
  }
} else if (window.parent === window) {
  show('error', 'This page is opened by HighLevel during checkout; it does nothing on its own.');
} else {
  let popup;
  $('checkout-open-window').addEventListener('click', () => {
    popup = window.open(`/payments/checkout/window#${encodeURIComponent(JSON.stringify(props))}`, 'rzp_checkout', 'popup,width=480,height=720');
    if (!popup) show('blocked', 'The new window was blocked; allow pop-ups for this page and try again.');
    else show('open', 'Complete the payment in the new window.');
  });
  window.addEventListener('message', (event) => {
    if (popup && event.source === popup && event.origin === location.origin) {
      const m = event.data && event.data.message;
      if (!m || typeof m.type !== 'string') return;
      if (m.type === 'custom_element_success_response') {
        finished = true;
        show('paid', 'Payment received. Thank you!');
        $('checkout-window').hidden = true;
      } else if (m.type === 'custom_element_error_response') show('error', `The payment failed: ${m.error && m.error.description}`);
      window.parent.postMessage(m, '*');
      return;
    }
    if (event.source !== window.parent || !originAllowed(event.origin, patterns)) return;
    const data = parse(event.data);
    if (!data || data.type !== 'payment_initiate_props' || props) return;
    clearInterval(ready);
    clearTimeout(timeout);
    start(data);
  });
  // GHL may not be listening yet when we load: say it until it answers
  const hello = () => window.parent.postMessage({ type: 'custom_provider_ready', loaded: true }, '*');
  hello();
  const ready = setInterval(hello, 500);
  const timeout = setTimeout(() => {
    clearInterval(ready);
    if (!props) show('timeout', 'HighLevel did not send the payment details. Close this window and start the payment again; if it keeps happening, ask the business to check its payment settings.');
  }, propsTimeoutMs);
}

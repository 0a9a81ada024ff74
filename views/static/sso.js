// Single sign-on with the GHL parent window: ask for the encrypted user data, accept the answer only from a
// configured GHL origin (and only from our parent), hand the opaque payload to the server.

/** True when `origin` matches one of the CSP-style patterns (`https://app.gohighlevel.com`, `https://*.leadconnectorhq.com`). */
export function originAllowed(origin, patterns) {
  let u;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  return patterns.some((p) => {
    const m = /^(https?):\/\/(\*\.)?([^/:*]+)(?::(\d+))?\/?$/.exec(p);
    if (!m) return false;
    const [, scheme, wildcard, host, port] = m;
    if (u.protocol !== scheme + ':') return false;
    if ((port || '') !== u.port) return false;
    const hostname = u.hostname.toLowerCase();
    return wildcard ? hostname.endsWith('.' + host.toLowerCase()) : hostname === host.toLowerCase();
  });
}

/**
 * Resolves with the encrypted payload GHL sends back, or rejects after `timeoutMs`.
 * Messages from any other window or origin are ignored, not answered.
 */
export function requestUserData(patterns, timeoutMs = 8000) {
  return new Promise((resolve, reject) => {
    if (window.parent === window) {
      reject(new Error('not_embedded'));
      return;
    }
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      reject(new Error('no_answer'));
    }, timeoutMs);
    function onMessage(event) {
      if (event.source !== window.parent || !originAllowed(event.origin, patterns)) return;
      const data = event.data;
      if (!data || data.message !== 'REQUEST_USER_DATA_RESPONSE' || typeof data.payload !== 'string') return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(data.payload);
    }
    window.addEventListener('message', onMessage);
    // The request carries no secret, so '*' is fine: the answer is what must come from a trusted origin.
    window.parent.postMessage({ message: 'REQUEST_USER_DATA' }, '*');
  });
}

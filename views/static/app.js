// Entry point of the embedded page: sign in through the GHL parent window (or the development sign-in), then
// show the agency overview or one location's sections. Every section loads its own JSON.
import { post, setToken } from './api.js';
import { $, say, setText, show } from './dom.js';
import { requestUserData } from './sso.js';
import { loadAgency } from './agency.js';
import { loadLocation } from './location.js';

const body = document.body;
const origins = (body.dataset.ghlOrigins || '').split(' ').filter(Boolean);
let session = null;

function status(text, isError = false) {
  const node = $('#app-status');
  node.textContent = text;
  node.className = isError ? 'app-status error' : 'app-status';
  show(node, Boolean(text));
}

function enter(s) {
  session = s;
  setToken(s.token);
  const scope = s.locationId ? `location ${s.locationId}` : `agency ${s.companyId}`;
  setText('#who', `Signed in as ${s.role} · ${scope}`);
  show('#who');
  body.classList.toggle('read-only', s.role !== 'admin');
  show('#read-only-note', s.role !== 'admin');
  body.dataset.sessionType = s.locationId ? 'location' : 'agency';
  window.addEventListener('hashchange', route);
  route();
}

/** Hashes starting with `#/` are views; other hashes are in-page section anchors and change nothing here. */
async function route() {
  const hash = location.hash;
  if (hash && !hash.startsWith('#/')) return;
  status('');
  const m = /^#\/locations\/([^/]+)$/.exec(hash);
  const locationId = session.locationId || (m && decodeURIComponent(m[1]));
  try {
    if (locationId) {
      show('#agency-view', false);
      show('#back-to-agency', !session.locationId);
      show('#location-view');
      await loadLocation({ locationId, isAdmin: session.role === 'admin' });
    } else {
      show('#location-view', false);
      show('#agency-view');
      await loadAgency();
    }
  } catch (e) {
    status(e.status === 401 ? 'Your session has expired: reload the page.' : `Could not load: ${e.message}`, true);
  }
}

function startDevSignIn() {
  const section = $('#dev-sign-in');
  show(section);
  status('');
  const form = $('#dev-sign-in-form');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      const s = await post('/api/dev/session', data);
      show(section, false);
      enter(s);
    } catch (e) {
      say($('.form-status', form), 'error', e.message);
    }
  });
}

async function start() {
  try {
    const payload = await requestUserData(origins);
    status('Opening your account…');
    enter(await post('/api/session', { payload }));
  } catch (e) {
    if (e.message === 'not_embedded' && body.dataset.devLogin === 'on') return startDevSignIn();
    if (e.message === 'not_embedded') return status('Open this page from inside HighLevel: it is the app\'s custom page.', true);
    if (e.message === 'no_answer') return status('HighLevel did not answer the sign-in request. Reload the page.', true);
    status(`Sign-in failed: ${e.message}`, true);
  }
}

start();

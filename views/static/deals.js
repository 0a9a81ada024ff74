// Deals: pick a pipeline and two of its stages from the location's own pipelines (read live from GHL through our
// API), and how new or expired opportunities are handled. Saves the `deals` section of the settings.
import { get, post, put } from './api.js';
import { $, el, say } from './dom.js';

const state = { locationId: null, isAdmin: false, pipelines: [], loaded: null, deals: null, wired: false };
const base = () => `/api/locations/${encodeURIComponent(state.locationId)}`;
const form = () => $('#deals-form');

function options(select, items, selected, empty) {
  select.replaceChildren(el('option', { value: '' }, empty), ...items.map((i) => el('option', { value: i.id, selected: i.id === selected }, i.name)));
}

function stagesOf(pipelineId) {
  const p = state.pipelines.find((x) => x.id === pipelineId);
  return p ? p.stages : [];
}

function fill(deals) {
  state.deals = deals;
  const f = form();
  f.elements.enabled.checked = Boolean(deals.enabled);
  // until the pipelines are read, a stored choice shows as its id so saving keeps it
  const known = (list, id) => (id && !list.some((x) => x.id === id) ? [...list, { id, name: id }] : list);
  options(f.elements.pipelineId, known(state.pipelines, deals.pipelineId), deals.pipelineId, state.loaded ? 'Choose a pipeline' : 'Choose a pipeline (read from HighLevel)');
  options(f.elements.invoiceSentStageId, known(stagesOf(deals.pipelineId), deals.invoiceSentStageId), deals.invoiceSentStageId, 'Choose a stage');
  options(f.elements.paidStageId, known(stagesOf(deals.pipelineId), deals.paidStageId), deals.paidStageId, 'Choose a stage');
  f.elements.nameTemplate.value = deals.nameTemplate || '';
  f.elements.createWonWhenNone.checked = Boolean(deals.createWonWhenNone);
  f.elements.onExpired.value = deals.onExpired || 'lost';
  for (const c of f.elements) if (c.name) c.disabled = !state.isAdmin;
}

function read() {
  const f = form().elements;
  return {
    enabled: f.enabled.checked,
    pipelineId: f.pipelineId.value,
    invoiceSentStageId: f.invoiceSentStageId.value,
    paidStageId: f.paidStageId.value,
    nameTemplate: f.nameTemplate.value,
    createWonWhenNone: f.createWonWhenNone.checked,
    onExpired: f.onExpired.value,
  };
}

function fail(e) {
  const details = Array.isArray(e.details) ? e.details.map((d) => ` ${d.path}: ${d.message}.`).join('') : '';
  say($('.form-status', form()), 'error', `${e.message}${details}`);
}

/** Pipelines are read from GHL only when deals are set up or someone starts setting them up: one call, once. */
function ensurePipelines() {
  state.loaded ??= get(`${base()}/ghl/pipelines`).then(
    (res) => {
      state.pipelines = res.pipelines;
      fill({ ...state.deals, ...read(), pipelineId: read().pipelineId || state.deals.pipelineId });
    },
    (e) => {
      state.loaded = null;
      fail({ message: `Could not read this location's pipelines from HighLevel: ${e.message}` });
    },
  );
  return state.loaded;
}

function wire() {
  state.wired = true;
  const f = form();
  f.elements.enabled.addEventListener('change', ensurePipelines);
  f.elements.pipelineId.addEventListener('focus', ensurePipelines);
  f.elements.pipelineId.addEventListener('change', () => {
    const stages = stagesOf(f.elements.pipelineId.value);
    options(f.elements.invoiceSentStageId, stages, '', 'Choose a stage');
    options(f.elements.paidStageId, stages, '', 'Choose a stage');
  });
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const res = await put(`${base()}/settings`, { deals: read() });
      fill(res.settings.deals);
      say($('.form-status', f), 'ok', 'Saved.');
    } catch (e) {
      fail(e);
    }
  });
  $('.reset', f).addEventListener('click', async () => {
    try {
      const res = await post(`${base()}/settings/reset`, { section: 'deals' });
      fill(res.settings.deals);
      say($('.form-status', f), 'ok', 'Back to the defaults.');
    } catch (e) {
      fail(e);
    }
  });
}

export async function loadDeals(ctx) {
  state.locationId = ctx.locationId;
  state.isAdmin = ctx.isAdmin;
  if (!state.wired) wire();
  state.loaded = null;
  state.pipelines = [];
  const { settings } = await get(`${base()}/settings`);
  fill(settings.deals);
  if (settings.deals.enabled || settings.deals.pipelineId) await ensurePipelines();
}

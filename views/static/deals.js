// Deals: pick a pipeline and two of its stages from the location's own pipelines (read live from GHL through our
// API), and how new or expired opportunities are handled. Saves the `deals` section of the settings.
import { get, post, put } from './api.js';
import { $, el, say } from './dom.js';

const state = { locationId: null, isAdmin: false, pipelines: [], wired: false };
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
  const f = form();
  f.elements.enabled.checked = Boolean(deals.enabled);
  options(f.elements.pipelineId, state.pipelines, deals.pipelineId, 'Choose a pipeline');
  options(f.elements.invoiceSentStageId, stagesOf(deals.pipelineId), deals.invoiceSentStageId, 'Choose a stage');
  options(f.elements.paidStageId, stagesOf(deals.pipelineId), deals.paidStageId, 'Choose a stage');
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

function wire() {
  state.wired = true;
  const f = form();
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
  const settings = await get(`${base()}/settings`);
  try {
    state.pipelines = (await get(`${base()}/ghl/pipelines`)).pipelines;
  } catch (e) {
    state.pipelines = [];
    fail({ message: `Could not read this location's pipelines from HighLevel: ${e.message}` });
  }
  fill(settings.settings.deals);
}

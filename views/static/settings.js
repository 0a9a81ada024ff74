// Automations, lead scoring and invoice reminders: three forms over one settings object. Each field names
// its place in the object (data-path); a form saves only its own section and the server validates it.
import { get, post, put } from './api.js';
import { $, $$, el, say } from './dom.js';

const state = { locationId: null, isAdmin: false, settings: null, wired: false, previewTimer: null };

const base = () => `/api/locations/${encodeURIComponent(state.locationId)}/settings`;
const pathOf = (input) => JSON.parse(input.dataset.path);
const at = (obj, path) => path.reduce((o, k) => (o == null ? undefined : o[k]), obj);

function setAt(obj, path, value) {
  let o = obj;
  for (const k of path.slice(0, -1)) o = o[k] ??= {};
  o[path[path.length - 1]] = value;
}

function fill(settings) {
  state.settings = settings;
  for (const input of $$('.settings-form [data-path]')) {
    const v = at(settings, pathOf(input));
    if (input.dataset.type === 'bool') input.checked = Boolean(v);
    else if (Array.isArray(v)) input.value = v.join(', ');
    else input.value = v ?? '';
    input.disabled = !state.isAdmin;
    input.removeAttribute('aria-invalid');
  }
}

function read(input) {
  const t = input.dataset.type;
  if (t === 'bool') return input.checked;
  if (t === 'number') return input.value === '' ? null : Number(input.value);
  const parts = input.value.split(',').map((s) => s.trim()).filter(Boolean);
  if (t === 'numbers') return parts.map(Number);
  if (t === 'tags') return parts;
  return input.value;
}

/** This form's section of the settings, with the form's current values. */
function sectionValue(form) {
  const section = form.dataset.section;
  const value = structuredClone(state.settings[section]);
  for (const input of $$('[data-path]', form)) setAt({ [section]: value }, pathOf(input), read(input));
  // a rule whose task title is left empty creates no task
  if (section === 'rules') for (const rule of Object.values(value)) if (rule.task && !rule.task.title) delete rule.task;
  return value;
}

function showErrors(form, e) {
  const status = $('.form-status', form);
  const details = Array.isArray(e.details) ? e.details : [];
  for (const d of details) {
    const input = $$('[data-path]', form).find((i) => pathOf(i).join('.') === d.path || d.path.startsWith(pathOf(i).join('.') + '.'));
    if (input) input.setAttribute('aria-invalid', 'true');
  }
  status.replaceChildren(el('span', {}, e.message), ...details.map((d) => el('span', { class: 'detail' }, ` ${d.path}: ${d.message}.`)));
  status.className = 'form-status error';
}

async function save(form) {
  const status = $('.form-status', form);
  try {
    const section = form.dataset.section;
    const res = await put(base(), { [section]: sectionValue(form) });
    fill(res.settings);
    say(status, 'ok', 'Saved.');
  } catch (e) {
    showErrors(form, e);
  }
}

async function reset(form) {
  const status = $('.form-status', form);
  try {
    const res = await post(`${base()}/reset`, { section: form.dataset.section });
    fill(res.settings);
    say(status, 'ok', 'Back to the defaults.');
  } catch (e) {
    showErrors(form, e);
  }
}

async function preview() {
  const form = $('#scoring-form');
  try {
    const res = await post(`${base()}/preview-score`, { [form.dataset.section]: sectionValue(form) });
    $('#score-preview').textContent = `score ${res.score}, tier ${res.tier}`;
    $('#score-preview-history').replaceChildren(...res.history.map((h) => el('li', {}, h)));
  } catch (e) {
    $('#score-preview').textContent = `cannot preview: ${e.message}`;
  }
}

function wire() {
  state.wired = true;
  for (const form of $$('.settings-form')) {
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      save(form);
    });
    $('.reset', form).addEventListener('click', () => reset(form));
  }
  $('#scoring-form').addEventListener('input', () => {
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(preview, 250);
  });
}

export async function loadSettings(ctx) {
  state.locationId = ctx.locationId;
  state.isAdmin = ctx.isAdmin;
  if (!state.wired) wire();
  const res = await get(base());
  fill(res.settings);
  await preview();
}

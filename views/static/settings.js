// Automations, lead scoring, invoice reminders, disputes and manual capture: forms over one settings object. Each field names
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

const togglePath = (toggle) => JSON.parse(toggle.dataset.togglePath);

/** A switched group's fields (e.g. a task's title and due time) are editable only while it is on. */
function syncToggle(toggle) {
  const fields = document.getElementById(toggle.getAttribute('aria-controls'));
  for (const input of $$('[data-path]', fields)) input.disabled = !state.isAdmin || !toggle.checked;
}

/** The one-line summary of a rule shown on its folded `<details>`. */
export function describeRule(r) {
  if (!r) return '';
  if (!r.enabled) return 'off';
  const parts = [];
  if (r.addTags && r.addTags.length) parts.push(`adds ${r.addTags.join(', ')}`);
  if (r.removeTags && r.removeTags.length) parts.push(`removes ${r.removeTags.join(', ')}`);
  if (r.note) parts.push('note');
  if (r.task) parts.push('task');
  if (r.trigger) parts.push('workflow trigger');
  return parts.length ? parts.join(' · ') : 'on: score and fields only';
}

function summarize(rules) {
  for (const node of $$('[data-summary-for]')) node.textContent = describeRule(at({ rules }, JSON.parse(node.dataset.summaryFor)));
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
  for (const toggle of $$('.settings-form [data-toggle-path]')) {
    toggle.checked = at(settings, togglePath(toggle)) != null;
    toggle.disabled = !state.isAdmin;
    syncToggle(toggle);
  }
  summarize(settings.rules);
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
  // a switched-off task is stored as null: "no task", even where the defaults create one
  for (const toggle of $$('[data-toggle-path]', form)) if (!toggle.checked) setAt({ [section]: value }, togglePath(toggle), null);
  return value;
}

function showErrors(form, e) {
  const status = $('.form-status', form);
  const details = Array.isArray(e.details) ? e.details : [];
  for (const d of details) {
    const input = $$('[data-path]', form).find((i) => pathOf(i).join('.') === d.path || d.path.startsWith(pathOf(i).join('.') + '.'));
    if (!input) continue;
    input.setAttribute('aria-invalid', 'true');
    // a field folded away in a closed rule would be invisible: open it
    const details = input.closest('details');
    if (details) details.open = true;
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
  for (const toggle of $$('[data-toggle-path]')) {
    toggle.addEventListener('change', () => {
      syncToggle(toggle);
      // a task switched on where none was set starts with the usual due time; the title is the admin's to write
      const due = $$('[data-path]', document.getElementById(toggle.getAttribute('aria-controls'))).find((i) => pathOf(i).at(-1) === 'dueInHours');
      if (toggle.checked && due && due.value === '') due.value = '24';
    });
  }
  const rules = $('#automations-form');
  rules.addEventListener('input', () => summarize(sectionValue(rules)));
  rules.addEventListener('change', () => summarize(sectionValue(rules)));
  $('#rules-expand').addEventListener('click', () => $$('details.rule', rules).forEach((d) => (d.open = true)));
  $('#rules-collapse').addEventListener('click', () => $$('details.rule', rules).forEach((d) => (d.open = false)));
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

/**
 * Turns the settings defaults into a form description the views render, so the page always shows every
 * setting the sync engine knows, with its default, without a second copy of the settings shape here.
 * Arrays of strings become comma-separated inputs, booleans checkboxes, numbers number inputs, objects
 * fieldsets; a `task` (which may be `null`, "no task") becomes a fieldset switched by a checkbox. Every field
 * carries its path in the settings object (JSON in a data- attribute) for settings.js.
 */
export type FieldType = 'tags' | 'bool' | 'number' | 'numbers' | 'text';

export interface FormField {
  kind: 'field';
  id: string;
  path: string[];
  label: string;
  type: FieldType;
  /** The default, formatted for display. */
  defaultText: string;
}

export interface FormGroup {
  kind: 'group';
  id: string;
  path: string[];
  legend: string;
  /** Event types and other machine keys show as code. */
  code: boolean;
  /** A group whose whole value may be `null` (off): a checkbox switches it, e.g. "Create a task". */
  toggle?: { id: string; label: string; defaultText: string };
  children: (FormField | FormGroup)[];
}

/** One event family (payments, invoices…) of the automations form, each rule folded in a `<details>`. */
export interface RuleFamily {
  name: string;
  rules: { type: string; group: FormGroup }[];
}

const LABELS: Record<string, string> = {
  note: 'Write a note',
  trigger: 'Fire the workflow trigger',
  task: 'Task',
  dueInHours: 'Due after (hours)',
  offsetsDays: 'Days before expire_by',
  paidCapMinor: 'Paid cap (paise)',
  hotAt: 'Hot from score',
  warmAt: 'Warm from score',
  openTag: 'Tag while a dispute is open',
  dueHoursBeforeDeadline: 'Task due before the respond-by deadline (hours)',
  autoRefundAfterHours: 'Razorpay refunds an uncaptured payment after (hours)',
  dueHoursBefore: 'Task due before that refund (hours)',
};

export function humanize(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const BLANK_TASK = { title: '', dueInHours: 24 };

const idOf = (path: string[]) => 'set-' + path.join('-').replace(/[^A-Za-z0-9-]/g, '_');

function typeOf(v: unknown): FieldType | undefined {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'text';
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v.length ? 'numbers' : undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return 'tags';
  return undefined;
}

function fmt(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  if (v === '') return 'none';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return String(v ?? '');
}

/** A group for an object, walking its keys in order. Keys with values we cannot edit (null, mixed arrays) are left out. */
export function formGroup(value: Record<string, unknown>, path: string[], legend: string, code = false): FormGroup {
  const children: (FormField | FormGroup)[] = [];
  for (const [key, v] of Object.entries(value)) {
    // what an event *is* (its action) is the engine's business, not a setting
    if (key === 'action') continue;
    const p = [...path, key];
    if (key === 'task' && (v === null || v === undefined || typeof v === 'object')) {
      // a task may be switched off (null); the fields edit it when it is on
      const g = formGroup((v as Record<string, unknown> | null) ?? BLANK_TASK, p, 'Task');
      children.push({ ...g, toggle: { id: `${idOf(p)}-on`, label: 'Create a task', defaultText: v ? 'on' : 'off' } });
      continue;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      children.push(formGroup(v as Record<string, unknown>, p, key.includes('.') ? key : humanize(key), key.includes('.')));
      continue;
    }
    const type = typeOf(v);
    // an empty array cannot tell numbers from tags; an empty string list is the common case (tags)
    const t = type ?? (Array.isArray(v) && v.length === 0 ? 'tags' : undefined);
    if (t) children.push({ kind: 'field', id: idOf(p), path: p, label: humanize(key), type: t, defaultText: fmt(v) });
  }
  return { kind: 'group', id: idOf(path), path, legend, code, children };
}

/** Which top-level key of the settings each page section edits. */
export const SETTINGS_SECTIONS = { automation: 'rules', scoring: 'scoring', reminders: 'reminders', deals: 'deals', disputes: 'disputes', manualCapture: 'manualCapture' } as const;

const FAMILIES: [prefix: string, name: string][] = [
  ['payment', 'Payments'],
  ['order', 'Payments'],
  ['invoice', 'Invoices'],
  ['payment_link', 'Payment links'],
  ['refund', 'Refunds'],
  ['subscription', 'Subscriptions'],
];

/** Rules grouped by what they are about, in the order the engine lists them. */
export function ruleFamilies(group: FormGroup): RuleFamily[] {
  const families: RuleFamily[] = [];
  for (const child of group.children) {
    if (child.kind !== 'group') continue;
    const type = child.path[child.path.length - 1];
    const name = FAMILIES.find(([prefix]) => type.split('.')[0] === prefix)?.[1] ?? 'Other events';
    let family = families.find((f) => f.name === name);
    if (!family) families.push((family = { name, rules: [] }));
    family.rules.push({ type, group: child });
  }
  return families;
}

export interface SettingsFormModel {
  automation: { section: string; group: FormGroup; families: RuleFamily[]; eventTypes: string[] };
  scoring: { section: string; group: FormGroup };
  reminders: { section: string; group: FormGroup };
  disputes: { section: string; group: FormGroup };
  manualCapture: { section: string; group: FormGroup };
}

export function settingsFormModel(defaults: Record<string, unknown>): SettingsFormModel {
  const part = (key: string) => (defaults[key] && typeof defaults[key] === 'object' ? (defaults[key] as Record<string, unknown>) : {});
  const s = SETTINGS_SECTIONS;
  // every rule offers a task, off unless the defaults create one
  const rules = Object.fromEntries(Object.entries(part(s.automation)).map(([type, r]) => [type, { ...(r as Record<string, unknown>), task: (r as { task?: unknown }).task ?? null }]));
  const group = formGroup(rules, [s.automation], 'Automations');
  return {
    automation: { section: s.automation, group, families: ruleFamilies(group), eventTypes: Object.keys(rules) },
    scoring: { section: s.scoring, group: formGroup(part(s.scoring), [s.scoring], 'Lead scoring') },
    reminders: { section: s.reminders, group: formGroup(part(s.reminders), [s.reminders], 'Invoice reminders') },
    disputes: { section: s.disputes, group: formGroup(part(s.disputes), [s.disputes], 'Disputes') },
    manualCapture: { section: s.manualCapture, group: formGroup(part(s.manualCapture), [s.manualCapture], 'Manual capture') },
  };
}

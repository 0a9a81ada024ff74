import fs from 'node:fs';
import path from 'node:path';

/** The published Razorpay webhook bodies in shared/fixtures, read as they are. */
export const FIXTURE_DIR = path.resolve(process.cwd(), '../shared/fixtures/razorpay');

export interface Fixture {
  name: string;
  event: string;
  body: string;
  json: { event: string; created_at?: number; payload: Record<string, { entity: Record<string, unknown> } | number> };
}

export function loadFixtures(): Fixture[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const body = fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8');
      const json = JSON.parse(body) as Fixture['json'];
      return { name: f, event: json.event, body, json };
    });
}

export const fixture = (name: string): Fixture => {
  const f = loadFixtures().find((x) => x.name.startsWith(name));
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
};

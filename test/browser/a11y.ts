import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Whether axe-core is installed (a devDependency); the a11y check fails, never skips, in CI without it. */
export function axePath(): string | undefined {
  try {
    return require.resolve('axe-core/axe.min.js');
  } catch {
    return undefined;
  }
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) in a page or frame and answers its serious and critical violations. The page
 * must come from a context with `bypassCSP: true`: our CSP rightly refuses the injected script otherwise.
 */
export async function seriousViolations(target: Page | Frame): Promise<AxeViolation[]> {
  const file = axePath();
  if (!file) throw new Error('axe-core is not installed: add it as a devDependency');
  await target.addScriptTag({ path: file });
  const result = await target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const describeViolations = (vs: AxeViolation[]) => vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');

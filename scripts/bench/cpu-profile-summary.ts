/** The fields of a V8 `.cpuprofile` (`node --cpu-prof`) read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

const short = (url: string) => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 13);
  const s = url.indexOf('/server/');
  return s >= 0 ? url.slice(s + 1) : url.replace(/^file:\/\//, '');
};

/**
 * Top functions by self time and by inclusive time (a function counted once per sample however often it recurs
 * on the stack), plus self time per package / source file, as text.
 */
export function summariseCpuProfile(p: CpuProfile, top = 25): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const k = keyOf(id);
    self.set(k, (self.get(k) ?? 0) + dt);
    const url = short(byId.get(id)!.callFrame.url);
    const group = url.includes('/') && !url.startsWith('server/') ? url.split('/')[0].replace(/^@.*/, url.split('/').slice(0, 2).join('/')) : url || byId.get(id)!.callFrame.functionName;
    pkg.set(group, (pkg.get(group) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const ck = keyOf(cur);
      if (seen.has(ck)) continue;
      seen.add(ck);
      incl.set(ck, (incl.get(ck) ?? 0) + dt);
    }
  });
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${pct(v)}  ${k}`).join('\n');
  return [`total ${(total / 1e6).toFixed(2)} s sampled`, '-- self', list(self, top), '-- inclusive', list(incl, top + 15), '-- self by package / file', list(pkg, 20)].join('\n');
}

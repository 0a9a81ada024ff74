import http from 'node:http';

export interface PacedRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface PacedResult {
  sent: number;
  ok: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  achievedRps: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * Open-loop load at a steady rate: request i is sent at start + i/rate whatever happened to earlier ones, and
 * its latency counts from that planned moment (so a stall shows up in the numbers instead of slowing the
 * sender). autocannon's `overallRate` instead fires each second's quota at once, which measures bursts.
 */
export async function pacedLoad(baseUrl: string, rate: number, seconds: number, next: (i: number) => PacedRequest): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(baseUrl);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const planned = start + (i * 1000) / rate;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const r = next(i);
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = http.request({ hostname, port, path: r.path, method: 'POST', agent, headers: { ...r.headers, 'content-length': String(r.body.length) } }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - planned);
            if (res.statusCode! >= 200 && res.statusCode! < 300) ok++;
            else failed++;
            resolve();
          });
        });
        req.on('error', () => {
          failed++;
          resolve();
        });
        req.end(r.body);
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { sent: total, ok, failed, p50: round(pct(latencies, 50)), p99: round(pct(latencies, 99)), max: round(latencies[latencies.length - 1] ?? 0), achievedRps: Math.round(ok / elapsed) };
}

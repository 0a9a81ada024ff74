import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The app (or any script) as a real separate process, as on a dyno: its own event loop, its own memory, its own
 * logger. Benchmarks and drills measure and kill it from outside.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// absolute, so the child resolves the loader whatever its cwd
export const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
export const APP_MAIN = path.join(ROOT, 'server/main.ts');
/** Where `tsconfig.bench.json` compiles to: the production build (`npm run build`, `dist/`) plus the bench's baseline. */
export const DIST_DIR = path.join(ROOT, 'dist');

/**
 * Production runs compiled JavaScript (Procfile: `node dist/server/main.js`), not tsx: the loader's hooks thread,
 * the on-the-fly transforms and their source maps cost about 60 MiB of RSS and CPU at start. Benchmarks compile
 * once per run (same compiler options as `npm run build`, plus the bare express baseline so both sides of the
 * ratio run as plain JS) and measure that. Synchronous on purpose: it runs once, before any clock starts.
 */
let built = false;
export function buildForBench(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.bench.json')], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

/**
 * The node flags the Procfile gives a process (`web` or `worker`): what runs in production, so a benchmark of
 * the compiled build runs with exactly these (V8 heap sizing, issue 17; see docs/PERFORMANCE.md).
 */
export function productionNodeArgs(kind: 'web' | 'worker'): string[] {
  const line = fs.readFileSync(path.join(ROOT, 'Procfile'), 'utf8').split('\n').find((l) => l.startsWith(`${kind}:`));
  const m = line ? /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\//.exec(line) : null;
  if (!m) throw new Error(`Procfile has no "${kind}: … node [flags] dist/…" line`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

/** The compiled counterpart of a `.ts` file under ROOT (after {@link buildForBench}). */
export const compiledPath = (tsFile: string) => path.join(DIST_DIR, path.relative(ROOT, tsFile)).replace(/\.ts$/, '.js');

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

export interface ChildHandle {
  child: ChildProcess;
  pid: number;
  url: string;
  output(): string;
  /** Peak resident set (VmHWM) seen so far, in MiB; sampled every 200 ms and at exit. */
  peakRssMiB(): number;
  /** CPU time (user + system) the process used so far, in seconds (Linux). */
  cpuSeconds(): number;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Linux: the kernel's high-water mark of the process's RSS; elsewhere undefined. */
export function readPeakRssMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function readCpuSeconds(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return undefined;
  }
}

/**
 * Spawns `node --import tsx <script>` (a `.js` script: plain `node <script>`) with exactly `env` (plus PATH) and
 * waits until `readyPath` answers
 * (`readyPath: false`: a process that serves no HTTP, such as the worker, is returned once spawned).
 */
export async function spawnNode(script: string, env: Record<string, string>, opts: { port: number; readyPath?: string | false; timeoutMs?: number; cwd?: string; nodeArgs?: string[] }): Promise<ChildHandle> {
  let out = '';
  const loader = script.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...loader, script], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let peak = 0;
  const sample = () => {
    const v = readPeakRssMiB(child.pid!);
    if (v !== undefined) peak = Math.max(peak, v);
  };
  const timer = setInterval(sample, 200);
  timer.unref();
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      clearInterval(timer);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let ready = opts.readyPath === false;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!ready && !gone && Date.now() < deadline) {
    const res = await fetch(url + (opts.readyPath ?? '/healthz')).catch(() => undefined);
    ready = res?.status === 200;
    if (!ready) await new Promise((r) => setTimeout(r, 50));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`${path.basename(script)} did not become ready:\n${out.slice(-4000)}`);
  }
  return {
    child,
    pid: child.pid!,
    url,
    output: () => out,
    peakRssMiB: () => {
      sample();
      return Math.round(peak * 10) / 10;
    },
    cpuSeconds: () => readCpuSeconds(child.pid!) ?? 0,
    exited,
    async stop(signal = 'SIGTERM') {
      sample();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Environment of the app process: production settings on a SQLite file, APIs pointing at the fakes. */
export function appEnv(o: { port: number; dbPath: string; key: string; ghlUrl: string; rzpUrl: string; runWorker: boolean; extra?: Record<string, string> }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(o.port),
    APP_URL: `http://127.0.0.1:${o.port}`,
    SQLITE_PATH: o.dbPath,
    ENCRYPTION_KEYS: o.key,
    GHL_CLIENT_ID: 'test-client-abc',
    GHL_CLIENT_SECRET: 'test-client-secret',
    GHL_SHARED_SECRET: 'bench-shared-secret',
    GHL_WORKFLOW_SECRET: 'bench-workflow-secret',
    GHL_API_URL: o.ghlUrl,
    RAZORPAY_API_URL: o.rzpUrl,
    RUN_WORKER: String(o.runWorker),
    ...o.extra,
  };
}

/**
 * `compiled`: run `dist/server/main.js` as production does, with the Procfile's `web` node flags (call
 * {@link buildForBench} first); `nodeArgs` come first (profiling flags and the like).
 */
export function startApp(env: Record<string, string>, port: number, nodeArgs?: string[], opts: { compiled?: boolean } = {}): Promise<ChildHandle> {
  if (opts.compiled) return spawnNode(compiledPath(APP_MAIN), env, { port, readyPath: '/healthz', nodeArgs: [...(nodeArgs ?? []), ...productionNodeArgs('web')] });
  return spawnNode(APP_MAIN, env, { port, readyPath: '/healthz', nodeArgs });
}

export const WORKER_MAIN = path.join(ROOT, 'server/worker-main.ts');

/** A worker-only process (Procfile `worker`) on the app's environment: runs jobs, serves nothing. */
export function startWorkerProcess(env: Record<string, string>, nodeArgs?: string[], opts: { compiled?: boolean } = {}): Promise<ChildHandle> {
  if (opts.compiled) return spawnNode(compiledPath(WORKER_MAIN), env, { port: 0, readyPath: false, nodeArgs: [...(nodeArgs ?? []), ...productionNodeArgs('worker')] });
  return spawnNode(WORKER_MAIN, env, { port: 0, readyPath: false, nodeArgs });
}

import path from 'node:path';
import { onSignals } from '../server/lifecycle.js';
import { SANDBOX_DEFAULT_PORT, SandboxRefusedError } from '../server/sandbox/sandbox-env.js';
import { startSandbox } from './sandbox/stand-ins.js';

/**
 * `npm run sandbox`: the app against built-in stand-ins of GHL and Razorpay, nothing to configure.
 * SANDBOX_PORT (default 3100) and SANDBOX_DATA_DIR (default ./data) are its only knobs.
 */
async function main() {
  const port = process.env.SANDBOX_PORT === undefined ? SANDBOX_DEFAULT_PORT : Number(process.env.SANDBOX_PORT);
  const dataDir = path.resolve(process.env.SANDBOX_DATA_DIR ?? './data');
  const sb = await startSandbox(process.env, { port, dataDir });
  console.log(`Sandbox ready: open ${sb.url.replace('127.0.0.1', 'localhost')}/sandbox  (stand-in GHL and Razorpay on this machine; data in ${path.join(dataDir, 'sandbox.db')})`);
  onSignals(() => sb.close(), { info: (m) => console.log(m), error: (m, x) => console.error(m, x) });
}

main().catch((e: unknown) => {
  console.error(e instanceof SandboxRefusedError ? e.message : `the sandbox failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});

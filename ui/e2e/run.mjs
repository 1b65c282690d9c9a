// Starts the Flows service (FLOWS_JAR) on a free port with a fresh data dir, finds or starts the UI,
// then runs the Playwright tests (node:test), or the screenshots / perf script, and stops everything.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumAvailable, CHROMIUM } from './browser.mjs';
import { freePort } from './ports.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, '..');
const mode = process.argv.includes('--screenshots') ? 'screenshots' : process.argv.includes('--perf') ? 'perf' : 'test';

if (!chromiumAvailable()) {
  const msg = `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') {
    console.error(`FAILED: ${msg} — e2e tests cannot run`);
    process.exit(1);
  }
  console.log(`\n*** SKIPPED: ${msg} — e2e tests did not run ***\n`);
  process.exit(0);
}

async function waitFor(url, ms, match) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok && (!match || match(await r.text()))) return true;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const children = [];
const dirs = [];
function cleanup() {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const jar = resolve(ui, process.env.FLOWS_JAR ?? '../engine/target/flows.jar');
if (!existsSync(jar)) {
  console.error(`FAILED: the service jar ${jar} is missing (build it: mvn -q install -Dmaven.test.skip=true, or set FLOWS_JAR)`);
  process.exit(1);
}
// E2E_PORT pins the service's port (a machine where each user has a range of ports); else any free one
const port = Number(process.env.E2E_PORT) || (await freePort());
const api = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), 'flows-ui-e2e-'));
dirs.push(data);
const env = { ...process.env, MICRONAUT_SERVER_PORT: String(port) };
for (const name of ['erp', 'wms', 'cmms', 'queue']) env[`FLOWS_VAR_${name}Base`] = `${api}/sandbox/${name}`;
const svc = spawn('java', ['-jar', jar], { cwd: data, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
children.push(svc);
let svcLog = '';
svc.stdout.on('data', (d) => (svcLog += d));
svc.stderr.on('data', (d) => (svcLog += d));
if (!(await waitFor(`${api}/health`, 90_000))) {
  console.error(`FAILED: the service did not answer ${api}/health within 90 s\n${svcLog.slice(-3000)}`);
  process.exit(1);
}

let uiUrl = process.env.FLOWS_UI_URL;
if (!uiUrl) {
  if (await waitFor(`${api}/`, 1000, (t) => t.includes('Flows editor'))) {
    uiUrl = api;
  } else {
    // the engine does not serve the UI (yet): serve the build with vite preview, proxying to the service
    if (!existsSync(join(ui, 'dist/index.html'))) {
      console.error('FAILED: ui/dist is missing: run npm run build first');
      process.exit(1);
    }
    const uiPort = await freePort();
    const vite = spawn(process.execPath, [join(ui, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(uiPort), '--strictPort', '--host', '127.0.0.1'], {
      cwd: ui,
      env: { ...process.env, VITE_API_TARGET: api },
      detached: true,
      stdio: 'ignore',
    });
    children.push(vite);
    uiUrl = `http://127.0.0.1:${uiPort}`;
    if (!(await waitFor(`${uiUrl}/health`, 30_000))) {
      console.error('FAILED: vite preview did not start');
      process.exit(1);
    }
    console.log(`note: the service does not serve the UI at /; using vite preview at ${uiUrl}`);
  }
}

// E2E_ONLY=editor,yaml runs only those files of e2e/tests (a flake hunt, a quick check)
const only = (process.env.E2E_ONLY ?? '').split(',').filter(Boolean).map((n) => join(here, 'tests', `${n}.test.mjs`));
const script = mode === 'test' ? ['--test', '--test-concurrency=1', ...(only.length ? only : [join(here, 'tests')])] : [join(here, mode === 'perf' ? 'perf.mjs' : 'screenshots.mjs')];
const run = spawn(process.execPath, script, { stdio: 'inherit', env: { ...process.env, FLOWS_UI_URL: uiUrl, FLOWS_API_URL: api } });
const code = await new Promise((ok) => run.on('exit', (c) => ok(c ?? 1)));
process.exit(code);

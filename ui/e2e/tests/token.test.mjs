// End-to-end: a service with authentication on (FLOWS_ADMIN_TOKEN): the editor asks for the token
// once, keeps it, lists the flows, and forgets it on request. Starts its own service, because the
// one run.mjs starts is open for the other scenarios.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { describeFailures, testPage } from '../browser.mjs';
import { freePort } from '../ports.mjs';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const jar = resolve(ui, process.env.FLOWS_JAR ?? '../engine/target/flows.jar');
let svc;
let data;
let url;
let token;
let b;
let page;

before(async () => {
  token = execFileSync('java', ['-jar', jar, 'token', 'generate'], { encoding: 'utf8' }).trim();
  assert.match(token, /^flw_[0-9A-Za-z]{49}$/);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  data = mkdtempSync(join(tmpdir(), 'flows-ui-e2e-auth-'));
  svc = spawn('java', ['-jar', jar], {
    cwd: data,
    env: { ...process.env, MICRONAUT_SERVER_PORT: String(port), FLOWS_ADMIN_TOKEN: token },
    detached: true,
    stdio: 'ignore',
  });
  const end = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not yet */
    }
    assert.ok(Date.now() < end, 'the service with FLOWS_ADMIN_TOKEN did not start within 90 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal((await fetch(`${url}/api/flows`)).status, 401, 'authentication is on');
  ({ browser: b, page } = await testPage());
});

after(async () => {
  await b?.close();
  if (svc) {
    try {
      process.kill(-svc.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  if (data) rmSync(data, { recursive: true, force: true });
});
describeFailures(() => page);

describe('the editor on a service with API tokens', () => {
  it('asks for the token once, keeps it, shows the flows, and forgets it on request', async () => {
    await page.goto(`${url}/`);
    const dialog = page.getByRole('dialog', { name: 'API token needed' });
    await dialog.waitFor();
    await dialog.getByLabel('Token').fill(token);
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await page.locator('.flows-table tbody tr').first().waitFor();
    assert.equal(await dialog.isVisible(), false);

    await page.reload();
    await page.locator('.flows-table tbody tr').first().waitFor();
    assert.equal(await dialog.isVisible(), false, 'the token is kept in this browser');

    await page.getByRole('button', { name: 'Forget token' }).click();
    await page.reload();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').first().waitFor();
  });
});

// End-to-end: a run's results on the canvas follow the steps that ran — an old run is shown on the version
// it ran, an edit after a run does not move results onto other steps, a cancelled step reads cancelled, a step
// that ran many times is summed up.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api } from '../api.mjs';
import { describeFailures, testPage } from '../browser.mjs';

const UI = process.env.FLOWS_UI_URL;
const API = process.env.FLOWS_API_URL;
const RUN = Date.now().toString(36);
let b;
let page;

before(async () => {
  ({ browser: b, page } = await testPage());
});
after(async () => b?.close());
describeFailures(() => page);


async function ended(execId) {
  for (let i = 0; i < 150; i++) {
    const e = (await api('GET', `/api/executions/${execId}`)).json;
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(e.status)) return e;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`execution ${execId} did not end`);
}

const statuses = () => page.$$eval('.step-node', (els) => els.map((e) => `${e.dataset.path} ${e.querySelector('.node-label').textContent} ${e.dataset.status ?? '-'}`));

// version 1: prepare succeeds, push fails (the sandbox answers 500 when asked to), after never runs
const v1 = (id) => `id: ${id}
steps:
  - id: prepare
    type: transform
    set: { orderId: "\${input.orderId}" }
  - id: push
    type: connector-call
    with: { method: POST, url: "\${vars.erpBase}/orders", query: { simulate: "500" }, body: "\${input}" }
  - id: after
    type: transform
    set: { ok: true }
`;
const v2 = (id) => `id: ${id}
steps:
  - id: pushRenamed
    type: connector-call
    with: { method: POST, url: "\${vars.erpBase}/orders", body: "\${input}" }
`;

describe('a run on the canvas', () => {
  it('shows an old run on the version that ran, read-only, and the edited version without its results', async () => {
    const id = `e2e-oldrun-${RUN}`;
    assert.equal((await api('POST', '/api/flows', v1(id))).status, 201);
    const started = await fetch(`${API}/api/flows/${id}/executions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"orderId":"F-1"}' });
    const exec = await ended((await started.json()).id);
    assert.equal(exec.status, 'FAILED');
    assert.equal((await api('PUT', `/api/flows/${id}`, v2(id), { 'If-Match': '"1"' })).status, 200);

    await page.goto(`${UI}/flows/${id}/executions/${exec.id}`);
    const banner = page.locator('.run-view-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Showing the run on version 1[\s\S]*The editor holds version 2/);
    await page.locator('.step-node[data-path="steps[1]"][data-status="FAILED"]').waitFor();
    assert.deepEqual(await statuses(), ['steps[0] prepare SUCCEEDED', 'steps[1] push FAILED', 'steps[2] after -']);

    // read-only: no palette, no insert buttons, and an edit is refused with the reason
    assert.equal(await page.locator('.palette').count(), 0);
    assert.equal(await page.locator('.edge-insert').count(), 0);
    await page.locator('.step-node[data-path="steps[1]"] .node-main').click();
    await page.locator('.inspector .trace-error', { hasText: 'HTTP_500' }).first().waitFor();
    // the failure's details (status, url, the partner's body) wrap inside the box instead of being cut off
    const clipped = await page.locator('.inspector .trace-error pre').first().evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    assert.equal(clipped, false, 'the error details are clipped');
    // the partner's JSON answer reads as JSON, not as one escaped string
    const details = await page.locator('.inspector .trace-error pre').first().innerText();
    assert.match(details, /"body": \{\s*"error": "simulated 500/);
    assert.ok(!details.includes('\\"'), `escaped JSON in the error details: ${details}`);
    assert.equal(await page.locator('.step-form fieldset[disabled]').count(), 1);
    await page.keyboard.press('Delete');
    await page.getByText('This is version 1, shown as it ran: it cannot be changed.').waitFor();
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    await page.locator('.step-form .cm-content[contenteditable="false"]').waitFor(); // the script editor too
    assert.equal(await page.locator('.step-node').count(), 3);

    await page.getByRole('button', { name: 'Close execution and edit version 2' }).click();
    await page.locator('.step-node[data-path="steps[0]"]', { hasText: 'pushRenamed' }).waitFor();
    assert.deepEqual(await statuses(), ['steps[0] pushRenamed -']);
    assert.equal(await page.locator('.run-view-banner').count(), 0);
  });

  it('keeps a result on its step when a step is inserted before it, and lists the result of a deleted step', async () => {
    const id = `e2e-insert-${RUN}`;
    const yaml = `id: ${id}\nsteps:\n  - { id: first, type: transform, set: { a: 1 } }\n  - { id: boom, type: error-injection, mode: fail, error: { code: ERP_DOWN, message: down } }\n`;
    assert.equal((await api('POST', '/api/flows', yaml)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.execution-summary .badge-failed').waitFor({ timeout: 30_000 });
    await page.locator('.step-node[data-path="steps[1]"][data-status="FAILED"]').waitFor();

    await page.getByRole('button', { name: 'Insert a step after first' }).click();
    await page.locator('.insert-menu button[data-kind="delay"]').click();
    await page.locator('.step-node[data-path="steps[2]"]', { hasText: 'boom' }).waitFor();
    assert.deepEqual(await statuses(), ['steps[0] first SUCCEEDED', 'steps[1] delay1 -', 'steps[2] boom FAILED']);
    await page.locator('.step-node[data-path="steps[1]"] .node-main').click();
    assert.match(await page.locator('.inspector').innerText(), /This step did not run in this execution/);

    await page.locator('.step-node[data-path="steps[2]"] .node-main').click();
    await page.getByRole('button', { name: 'Delete step', exact: true }).click();
    await page.getByRole('tab', { name: 'Run' }).click();
    const lost = page.getByRole('region', { name: 'Steps of this run not on the canvas' });
    await lost.waitFor();
    assert.match(await lost.innerText(), /1 step of this run is not on the canvas[\s\S]*FAILED[\s\S]*boom[\s\S]*ERP_DOWN/);
  });

  it('labels a step stopped by a cancel as cancelled, not failed', async () => {
    const id = `e2e-cancelstep-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nsteps:\n  - { id: wait, type: delay, duration: 60s }\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.execution-summary .badge-running').waitFor({ timeout: 30_000 });
    await page.locator('.step-node[data-path="steps[0]"][data-status="RUNNING"]').waitFor();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.locator('.step-node[data-path="steps[0]"][data-status="CANCELLED"]').waitFor({ timeout: 30_000 });
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    await page.locator('.inspector .trace-entry .badge-cancelled').waitFor();
    assert.equal(await page.locator('.inspector .trace-entry .badge-failed').count(), 0);
  });

  it("sums up a step that ran many times (a foreach's items) and opens the failed run's input and output only", async () => {
    const id = `e2e-many-${RUN}`;
    const yaml = `id: ${id}\nsteps:\n  - id: each\n    type: foreach\n    items: "\${[1, 2, 3, 4, 5]}"\n    steps:\n      - { id: third, type: error-injection, mode: fail, every: 3, onError: continue, error: { code: THIRD_FAILS } }\n`;
    assert.equal((await api('POST', '/api/flows', yaml)).status, 201);
    const exec = (await api('POST', `/api/flows/${id}/executions?wait=true`, '{}', { 'Content-Type': 'application/json' })).json;
    await page.goto(`${UI}/flows/${id}/executions/${exec.id}`);
    await page.locator('.step-node[data-path="steps[0].steps[0]"][data-status]').waitFor();
    await page.locator('.step-node[data-path="steps[0].steps[0]"] .node-main').click();
    await page.locator('.inspector .trace-summary', { hasText: '5 items: 4 succeeded, 1 failed' }).waitFor();
    const open = page.locator('.inspector .trace-entry:has(.badge-failed) details[open]');
    assert.equal(await open.count(), 2);
    assert.equal(await page.locator('.inspector .trace-entry details[open]').count(), 2);
    assert.match(await page.locator('.inspector .trace-entry:has(.badge-failed) h4').innerText(), /item 3 of 5/);
  });

  it('counts the items of a foreach beyond the 100 the run keeps, and says they are not shown', async () => {
    const id = `e2e-many300-${RUN}`;
    const yaml = `id: ${id}\nsteps:\n  - id: each\n    type: foreach\n    items: "\${Array.from({ length: 300 }, (_, i) => i)}"\n    steps:\n      - { id: body, type: error-injection, mode: fail, every: 250, onError: continue, error: { code: AT_250 } }\n`;
    assert.equal((await api('POST', '/api/flows', yaml)).status, 201);
    const exec = (await api('POST', `/api/flows/${id}/executions?wait=true`, '{}', { 'Content-Type': 'application/json' })).json;
    await page.goto(`${UI}/flows/${id}/executions/${exec.id}`);
    await page.locator('.step-node[data-path="steps[0].steps[0]"][data-status]').waitFor();
    await page.locator('.step-node[data-path="steps[0].steps[0]"] .node-main').click();
    await page.locator('.inspector .trace-summary', { hasText: '300 items: 100 succeeded, 1 failed, 199 more not shown' }).waitFor();
    assert.match(await page.locator('.inspector .trace-summary').innerText(), /first 100 items and the failed attempts/);
  });

  it("keeps a run's opened input or output to its step: the same run of the next step clicked stays closed", async () => {
    const id = `e2e-openstate-${RUN}`;
    const yaml = `id: ${id}\nsteps:\n  - id: each\n    type: foreach\n    items: "\${[1, 2, 3, 4, 5]}"\n    steps:\n      - { id: one, type: delay, duration: 1ms }\n      - { id: two, type: delay, duration: 1ms }\n`;
    assert.equal((await api('POST', '/api/flows', yaml)).status, 201);
    const exec = (await api('POST', `/api/flows/${id}/executions?wait=true`, '{}', { 'Content-Type': 'application/json' })).json;
    await page.goto(`${UI}/flows/${id}/executions/${exec.id}`);
    await page.locator('.step-node[data-path="steps[0].steps[1]"][data-status]').waitFor();
    await page.locator('.step-node[data-path="steps[0].steps[0]"] .node-main').click();
    await page.locator('.inspector .trace-summary', { hasText: '5 items: 5 succeeded' }).waitFor();
    await page.locator('.inspector .trace-entry').nth(1).locator('summary', { hasText: 'Output' }).click();
    assert.equal(await page.locator('.inspector .trace-entry details[open]').count(), 1);
    await page.locator('.step-node[data-path="steps[0].steps[1]"] .node-main').click();
    await page.locator('.inspector h2', { hasText: 'two' }).waitFor();
    assert.equal(await page.locator('.inspector .trace-entry details[open]').count(), 0);
  });
});

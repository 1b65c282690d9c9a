// End-to-end: the editor in Debian's Chromium against a real service (started by e2e/run.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeFailures, testPage } from '../browser.mjs';

const UI = process.env.FLOWS_UI_URL;
const API = process.env.FLOWS_API_URL;
const FLOW = `e2e-${Date.now().toString(36)}`;
let b;
let page;

before(async () => {
  ({ browser: b, page } = await testPage());
});
after(async () => b?.close());
describeFailures(() => page);

const stepForm = () => page.locator('.step-form');

describe('the flow editor', () => {
  it('creates a flow by dragging a transform and an HTTP call onto the canvas, saves, runs it and shows the step output', async () => {
    await page.goto(`${UI}/`);
    await page.locator('.flows-table').waitFor();
    const newFlow = page.getByRole('button', { name: 'New flow' });
    await newFlow.click();
    assert.equal(await newFlow.getAttribute('aria-expanded'), 'true', 'the New flow button says its form is open');
    await page.getByLabel('Id', { exact: true }).fill(FLOW);
    await page.getByLabel('Name', { exact: true }).fill('E2E order');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`**/flows/${FLOW}`);
    await page.waitForSelector('.end-node');

    await page.locator('.palette-item[data-kind="transform"]').dragTo(page.locator('.end-node'));
    await page.waitForSelector('.step-node[data-path="steps[0]"]');
    await stepForm().locator('.cm-content').fill('return { ...input, total: input.items.reduce((s, i) => s + i.qty * i.price, 0) };');

    await page.locator('.palette-item[data-kind="connector-call"]').dragTo(page.locator('.end-node'));
    await page.waitForSelector('.step-node[data-path="steps[1]"]');
    await stepForm().getByLabel('Connector', { exact: true }).fill('http');
    await stepForm().getByLabel('Method').selectOption('POST');
    await stepForm().getByLabel('URL').fill('${vars.erpBase}/orders');
    await stepForm().getByLabel('Body').fill('${input}');

    await page.getByRole('button', { name: 'YAML' }).click();
    await page.waitForSelector('.yaml-view .cm-content');
    const yaml = await page.locator('.yaml-view .cm-content').innerText();
    assert.match(yaml, /type: connector-call/);
    assert.match(yaml, /url: \$\{vars\.erpBase\}\/orders/);
    await page.getByRole('button', { name: 'Canvas' }).click();

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByLabel('Input (JSON, the trigger body)').fill('{"orderId": "E2E-1", "customer": "acme", "items": [{"sku": "A-1", "qty": 2, "price": 5}]}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(`**/flows/${FLOW}/executions/*`);
    await page.locator('.execution-summary .badge-succeeded').waitFor({ timeout: 30_000 });
    await page.locator('.step-node[data-path="steps[1]"][data-status="SUCCEEDED"]').waitFor();

    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    const out = await page.locator('.inspector .trace-output').first().innerText();
    assert.match(out, /"total": 10/);
  });

  it('edits the YAML and sees the canvas change', async () => {
    await page.goto(`${UI}/flows/${FLOW}`);
    await page.getByRole('button', { name: 'YAML' }).click();
    const cm = page.locator('.yaml-view .cm-content');
    await cm.waitFor();
    const text = await (await fetch(`${API}/api/flows/${FLOW}`, { headers: { Accept: 'application/yaml' } })).text();
    const edited = text.replace(/steps:\n/, 'steps:\n  - id: pause\n    type: delay\n    duration: 10ms\n');
    await cm.fill(edited);
    await page.getByRole('button', { name: 'Canvas' }).click();
    await page.locator('.step-node[data-path="steps[0]"]', { hasText: 'pause' }).waitFor();
    assert.equal(await page.locator('.step-node').count(), 3);
  });

  it('marks a step that became invalid and lists the problem', async () => {
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    await stepForm().getByLabel('Duration').fill('soon');
    await page.locator('.step-node[data-path="steps[0]"] .node-problem').waitFor();
    const problems = await page.locator('.problems').innerText();
    assert.match(problems, /steps\[0\]\.duration/);
    await page.locator('.problems .problem').first().click();
    assert.equal(await page.locator('.step-node[data-path="steps[0]"].is-selected').count(), 1);
  });

  it('opens a past execution on the canvas', async () => {
    await page.getByRole('tab', { name: 'Executions' }).click();
    await page.locator('.execution-list button').first().click();
    await page.waitForURL(`**/flows/${FLOW}/executions/*`);
    await page.locator('.execution-summary .badge-succeeded').waitFor();
    await page.locator('.step-node[data-status="SUCCEEDED"]').first().waitFor();
  });

  it('explains a flow that does not exist and a service error', async () => {
    page.on('dialog', (d) => d.accept());
    await page.goto(`${UI}/flows/no-such-flow`);
    await page.getByText("Flow 'no-such-flow' not found").waitFor();
  });

  it('lists flows with trigger, version and last run, and deletes one after confirmation', async () => {
    await page.goto(`${UI}/`);
    const row = page.locator(`tr[data-flow-id="${FLOW}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /manual[\s\S]*v2[\s\S]*SUCCEEDED/);
    await row.getByRole('button', { name: `Delete ${FLOW}` }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    const r = await fetch(`${API}/api/flows/${FLOW}`);
    assert.equal(r.status, 404);
  });
  it('lists warnings apart from problems and still saves a flow that has some', async () => {
    const id = `${FLOW}-warned`;
    const yaml = `id: ${id}\ntrigger: { type: manual }\nsteps:\n  - id: canned\n    type: error-injection\n    mode: respond\n    error: { code: ERP_DOWN }\n    response: { status: 200 }\n`;
    const created = await fetch(`${API}/api/flows`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: yaml });
    assert.equal(created.status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.problems .problem.warning').waitFor();
    const panel = await page.locator('.problems').innerText();
    assert.match(panel, /warning\s*IGNORED_FIELD\s*steps\[0\]\.error/);
    assert.equal(await page.locator('.problems .count.has').count(), 0, 'a warning is not counted as a problem');
    await page.locator('.step-node[data-path="steps[0]"].has-warnings .node-problem.warn').waitFor();
    assert.equal(await page.locator('.step-node.has-problems').count(), 0, 'a step with warnings only is not marked wrong');
    await page.getByRole('button', { name: 'YAML' }).click();
    await page.locator('.yaml-view .cm-content').fill(yaml.replace('response: { status: 200 }', 'response: { status: 201 }'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as version 2 with 1 warning (see Problems).').waitFor();
    await fetch(`${API}/api/flows/${id}`, { method: 'DELETE' });
  });
});

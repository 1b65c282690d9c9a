// End-to-end: what analysts do around editing — a concurrent save, moving steps, cancel and replay, the
// executions filter, import and duplicate — in Debian's Chromium against a real service (see e2e/run.mjs).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api } from '../api.mjs';
import { describeFailures, testPage } from '../browser.mjs';

const UI = process.env.FLOWS_UI_URL;
const RUN = Date.now().toString(36);
const files = mkdtempSync(join(tmpdir(), 'flows-ui-e2e-files-'));
let b;
let page;

before(async () => {
  ({ browser: b, page } = await testPage());
});
after(async () => {
  await b?.close();
  rmSync(files, { recursive: true, force: true });
});
describeFailures(() => page);


const twoSteps = (id, pause = '10ms') => `id: ${id}
name: ${id}
steps:
  - { id: first, type: delay, duration: ${pause} }
  - { id: second, type: transform, script: "return { ...input, seen: true }" }
`;

describe('around the editor', () => {
  it('explains a save that lost a race with another save, and keeps the other version', async () => {
    const id = `e2e-race-${RUN}`;
    assert.equal((await api('POST', '/api/flows', twoSteps(id))).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    await page.locator('.step-form').getByLabel('Duration').fill('20ms');

    // someone else saves version 2 meanwhile
    assert.equal((await api('PUT', `/api/flows/${id}`, twoSteps(id, '30ms'), { 'If-Match': '"1"' })).status, 200);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Someone saved a newer version of this flow since you opened version 1').waitFor();
    const latest = await api('GET', `/api/flows/${id}`);
    assert.equal(latest.json.version, 2);
    assert.equal(latest.json.steps[0].duration, '30ms');
  });

  it('shows an opened flow already fitted, so a step does not jump away from a click', async () => {
    const id = `e2e-fit-${RUN}`;
    assert.equal((await api('POST', '/api/flows', twoSteps(id))).status, 201);
    const fresh = await b.newPage();
    try {
      // the viewport after every frame painted with a step showing in it (sampled once the frame is done), from the
      // page's first script on; React Flow keeps a step hidden until it has measured it, the canvas keeps its flow
      // hidden until it has fitted it, and a slow machine paints such frames before the fit, which nobody sees (so
      // the step's computed visibility is what counts, not its own style)
      await fresh.addInitScript(() => {
        window.viewports = [];
        const sample = () => {
          const viewport = document.querySelector('.react-flow__viewport');
          const step = document.querySelector('.react-flow__node-step');
          if (viewport && step?.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && window.viewports.at(-1) !== viewport.style.transform) {
            window.viewports.push(viewport.style.transform);
          }
          requestAnimationFrame(() => setTimeout(sample));
        };
        requestAnimationFrame(() => setTimeout(sample));
      });
      await fresh.goto(`${UI}/flows/${id}`);
      await fresh.locator('.step-node[data-path="steps[1]"]').waitFor();
      await fresh.waitForTimeout(300);
      const viewports = await fresh.evaluate(() => window.viewports);
      assert.equal(viewports.length, 1, `the canvas moved after showing its steps: ${viewports.join(' → ')}`);
    } finally {
      await fresh.close();
    }
  });

  it('moves a step with Alt+↑ and saves the new order', async () => {
    const id = `e2e-move-${RUN}`;
    assert.equal((await api('POST', '/api/flows', twoSteps(id))).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[1]"] .node-main').click();
    // the shortcut moves the selected step: press it once the selection shows, not while it is being applied
    await page.locator('.react-flow__node.selected .step-node[data-path="steps[1]"]').waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('.step-node[data-path="steps[0]"]', { hasText: 'second' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as version 2.').waitFor();
    const saved = await api('GET', `/api/flows/${id}`);
    assert.deepEqual(saved.json.steps.map((s) => s.id), ['second', 'first']);
  });

  it('keeps the keyboard focus on a step moved with Alt+↑, so Delete removes the step that looks focused', async () => {
    const id = `e2e-move-focus-${RUN}`;
    assert.equal((await api('POST', '/api/flows', twoSteps(id))).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.react-flow__node', { has: page.locator('.step-node[data-path="steps[1]"]') }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.react-flow__node.selected .step-node[data-path="steps[1]"]').waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('.step-node[data-path="steps[0]"]', { hasText: 'second' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.querySelector('.step-node')?.textContent?.includes('second'));
    await page.keyboard.press('Delete');
    await page.locator('.step-node', { hasText: 'second' }).waitFor({ state: 'detached' });
    assert.deepEqual(await page.locator('.step-node').allInnerTexts().then((t) => t.map((x) => x.includes('first'))), [true]);
  });

  it("moves a step with Alt+↓ from a field of its form, and the focus stays in that field", async () => {
    const id = `e2e-move-field-${RUN}`;
    assert.equal((await api('POST', '/api/flows', twoSteps(id))).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    const duration = page.locator('.step-form').getByLabel('Duration');
    await duration.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('.step-node[data-path="steps[1]"]', { hasText: 'first' }).waitFor();
    // the form is built again for the step's new place; its Duration field has the focus
    await page.waitForFunction(() => document.activeElement?.id === 'f-steps[1].duration');
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('.step-node[data-path="steps[0]"]', { hasText: 'first' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'f-steps[0].duration');
  });

  it('cancels a running execution, replays it, and filters the executions by status', async () => {
    const id = `e2e-cancel-${RUN}`;
    assert.equal((await api('POST', '/api/flows', twoSteps(id, '60s'))).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByLabel('Input (JSON, the trigger body)').fill('{"n": 1}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(`**/flows/${id}/executions/*`);
    const first = page.url().split('/').pop();
    await page.locator('.execution-summary .badge-running').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.locator('.execution-summary .badge-cancelled').waitFor({ timeout: 30_000 });
    assert.equal((await api('GET', `/api/executions/${first}`)).json.status, 'CANCELLED');

    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.waitForURL((u) => u.pathname.includes('/executions/') && !u.pathname.endsWith(first));
    const replayed = page.url().split('/').pop();
    const again = await api('GET', `/api/executions/${replayed}`);
    assert.deepEqual(again.json.trigger.body, { n: 1 });
    await page.locator('.execution-summary .badge-running').waitFor({ timeout: 30_000 });

    await page.getByRole('tab', { name: 'Executions' }).click();
    const list = page.locator('.execution-list button');
    await list.nth(1).waitFor();
    assert.equal(await list.count(), 2);
    await page.getByLabel('Status').selectOption('CANCELLED');
    await page.locator(`.execution-list button[data-execution-id="${replayed}"]`).waitFor({ state: 'detached' });
    assert.equal(await list.count(), 1);
    assert.equal(await list.first().getAttribute('data-execution-id'), first);
    await page.getByLabel('Status').selectOption('SUCCEEDED');
    await page.getByText('No executions with status SUCCEEDED yet.').waitFor();

    await api('POST', `/api/executions/${replayed}/cancel`);
  });

  it('imports a flow file, refuses an invalid one with its problems, and duplicates a flow', async () => {
    const id = `e2e-import-${RUN}`;
    writeFileSync(join(files, `${id}.yaml`), twoSteps(id));
    writeFileSync(join(files, 'broken.yaml'), `id: e2e-broken-${RUN}\nsteps:\n  - { id: a, type: nope }\n`);
    await page.goto(`${UI}/`);

    await page.getByLabel('Import a flow file').setInputFiles(join(files, 'broken.yaml'));
    const notice = page.getByRole('status');
    await notice.getByText('Import of broken.yaml failed').waitFor();
    assert.match(await notice.innerText(), /steps\[0\]\.type/);

    await page.getByLabel('Import a flow file').setInputFiles(join(files, `${id}.yaml`));
    await page.waitForURL(`**/flows/${id}`);
    assert.equal((await api('GET', `/api/flows/${id}`)).json.version, 1);

    await page.goto(`${UI}/`);
    await page.getByRole('button', { name: `Duplicate ${id}`, exact: true }).click();
    await page.getByText(`Created ${id}-copy.`).waitFor();
    const copy = await api('GET', `/api/flows/${id}-copy`);
    assert.equal(copy.status, 200);
    assert.deepEqual(copy.json.steps.map((s) => s.id), ['first', 'second']);
    await page.locator(`tr[data-flow-id="${id}-copy"]`).waitFor();
  });
});

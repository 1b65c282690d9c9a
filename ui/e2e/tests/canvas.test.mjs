// End-to-end: a big flow on the canvas — a clicked problem and a step just added are brought into view,
// and the overview (minimap) can be put away; a narrow window keeps room for the canvas.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

/** Whether the node of a step lies wholly inside the visible canvas. */
async function inView(path) {
  return page.evaluate((p) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const node = document.querySelector(`.step-node[data-path="${p}"]`)?.getBoundingClientRect();
    return !!pane && !!node && node.top >= pane.top && node.bottom <= pane.bottom && node.left >= pane.left && node.right <= pane.right;
  }, path);
}

async function waitInView(path) {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    if (await inView(path)) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`step ${path} is not in view`);
}

describe('a big flow on the canvas', () => {
  it('brings a step into view when its problem is clicked, and a step added at the bottom', async () => {
    const id = `e2e-big-${RUN}`;
    const steps = Array.from({ length: 40 }, (_, i) => `  - { id: s${i}, type: delay, duration: 1ms }`).join('\n');
    const created = await fetch(`${API}/api/flows`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: `id: ${id}\nsteps:\n${steps}\n` });
    assert.equal(created.status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[0]"]').waitFor();
    assert.equal(await inView('steps[39]'), false, 'the flow opens at its top');

    // nothing selected: a palette click adds the step at the end of the flow, and the canvas shows it
    await page.locator('.palette-item[data-kind="transform"]').click();
    await page.locator('.step-node[data-path="steps[40]"]', { hasText: 'transform1' }).waitFor();
    await waitInView('steps[40]');

    // break step 35 in the YAML view; back on the canvas (at the top again) its problem is clicked
    await page.getByRole('button', { name: 'YAML' }).click();
    const cm = page.locator('.yaml-view .cm-content');
    await cm.waitFor();
    await cm.fill(`id: ${id}\nsteps:\n${steps.replace('{ id: s35, type: delay, duration: 1ms }', '{ id: s35, type: delay, duration: soon }')}\n`);
    await page.getByRole('button', { name: 'Canvas' }).click();
    await page.locator('.step-node[data-path="steps[0]"]').waitFor();
    assert.equal(await inView('steps[35]'), false, 'the canvas opens at the top');
    await page.locator('.problems .problem', { hasText: 'steps[35].duration' }).click();
    await waitInView('steps[35]');
    await page.locator('.react-flow__node.selected .step-node[data-path="steps[35]"]').waitFor();
    assert.match(await page.locator('.inspector h2').innerText(), /s35/);
  });

  it('puts the overview away and keeps it away', async () => {
    page.on('dialog', (d) => d.accept()); // leaving the unsaved edit above
    await page.locator('.react-flow__minimap').waitFor();
    await page.getByRole('button', { name: 'Hide the overview' }).click();
    await page.locator('.react-flow__minimap').waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('.step-node[data-path="steps[0]"]').waitFor();
    assert.equal(await page.locator('.react-flow__minimap').count(), 0);
    await page.getByRole('button', { name: 'Show the overview' }).click();
    await page.locator('.react-flow__minimap').waitFor();
  });

  it('walks through all steps of a big flow with ↓ and ↑, also those not drawn yet', async () => {
    const id = `e2e-walk-${RUN}`;
    const steps = Array.from({ length: 220 }, (_, i) => `  - { id: s${i}, type: transform, set: { a: 1 } }`).join('\n');
    const created = await fetch(`${API}/api/flows`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: `id: ${id}\nsteps:\n${steps}\n` });
    assert.equal(created.status, 201);
    await page.goto(`${UI}/flows/${id}`);
    const focused = (nodeId) => page.waitForFunction((n) => document.activeElement?.getAttribute('data-id') === n, nodeId);
    await page.locator('.react-flow__node[data-id="steps[3]"]').focus();
    // only the steps on screen are drawn (onlyRenderVisibleElements): steps[30] is not in the page at all
    assert.equal(await page.locator('.react-flow__node[data-id="steps[30]"]').count(), 0);
    for (let i = 4; i <= 30; i++) {
      await page.keyboard.press('ArrowDown');
      await focused(`steps[${i}]`);
    }
    await waitInView('steps[30]');
    await page.keyboard.press('ArrowUp');
    await focused('steps[29]');
    await page.keyboard.press('Enter');
    await page.locator('.react-flow__node.selected .step-node[data-path="steps[29]"]').waitFor();
    assert.match(await page.locator('.inspector h2').innerText(), /s29/);
  });

  it("adds a step to an empty branch with its +, shows the new step's form from its top", async () => {
    const id = `e2e-emptybranch-${RUN}`;
    const created = await fetch(`${API}/api/flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/yaml' },
      body: `id: ${id}\nsteps:\n  - { id: guarded, type: try, steps: [ { id: call, type: delay, duration: 1ms } ] }\n`,
    });
    assert.equal(created.status, 201);
    await page.goto(`${UI}/flows/${id}`);
    // a long form, scrolled down, as when an analyst was setting a retry
    await page.locator('.step-node[data-path="steps[0].steps[0]"] .node-main').click();
    const side = page.locator('.tab-body');
    await side.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    assert.ok((await side.evaluate((el) => el.scrollTop)) > 0, 'the form does not scroll');
    await page.getByRole('button', { name: 'Insert a step into the empty catch of guarded' }).click();
    await page.locator('.insert-menu button[data-kind="transform"]').click();
    await page.locator('.step-node[data-path="steps[0].catch[0]"]', { hasText: 'transform1' }).waitFor();
    await page.locator('.inspector h2', { hasText: 'transform1' }).waitFor();
    assert.equal(await side.evaluate((el) => el.scrollTop), 0, "the new step's form opens scrolled down");
  });

  it('keeps the canvas and the forms usable in a narrow window', async () => {
    const id = `e2e-narrow-${RUN}`;
    const created = await fetch(`${API}/api/flows`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: `id: ${id}\nsteps:\n  - { id: first, type: delay, duration: 1ms }\n` });
    assert.equal(created.status, 201);
    try {
      for (const width of [800, 500]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${UI}/flows/${id}`);
        await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
        const canvas = await page.locator('.canvas').boundingBox();
        assert.ok(canvas.width >= 300, `the canvas is ${canvas.width} px wide in a window of ${width}`);
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'the page scrolls sideways');
        await page.locator('.inspector h2', { hasText: 'first' }).waitFor();
        await page.locator('.palette-item[data-kind="transform"]').click();
        await page.locator('.step-node[data-path="steps[1]"]', { hasText: 'transform1' }).waitFor();
        await page.getByRole('button', { name: 'Undo' }).click();
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

// End-to-end: the YAML view completes a step's kind from the service's catalogue (GET /api/steps); text that
// does not parse is said on the canvas, its forms are read-only, and its problem leads to the line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api } from '../api.mjs';
import { describeFailures, testPage } from '../browser.mjs';

const UI = process.env.FLOWS_UI_URL;
const RUN = Date.now().toString(36);
let b;
let page;

before(async () => {
  ({ browser: b, page } = await testPage());
});
after(async () => b?.close());
describeFailures(() => page);

describe('the YAML view', () => {
  it("completes a step's type with the step kinds", async () => {
    const id = `e2e-yaml-kinds-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nsteps:\n  - { id: first, type: transform, set: { a: 1 } }\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.getByRole('button', { name: 'YAML' }).click();
    const cm = page.locator('.yaml-view .cm-content');
    await cm.waitFor();
    await cm.fill(`id: ${id}\nsteps:\n  - { id: first, type: transform, set: { a: 1 } }\n  - id: pause\n    duration: 10ms\n    type: de`);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('l');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await options.first().waitFor();
    const labels = await options.locator('.cm-completionLabel').allInnerTexts();
    const catalogue = (await api('GET', '/api/steps')).json.map((k) => k.kind);
    assert.ok(labels.includes('delay') && labels.every((l) => catalogue.includes(l)), labels.join());
    await options.filter({ has: page.locator('.cm-completionLabel', { hasText: /^delay$/ }) }).click();
    await page.locator('.yaml-view .cm-line', { hasText: 'type: delay' }).waitFor();
    // the flow schema's completion too, a second time (it prepares the schema on the first)
    for (const [typed, offered] of [['retr', 'retry'], ['timeo', 'timeout']]) {
      await page.keyboard.press('Enter');
      await page.keyboard.type(typed);
      await options.filter({ has: page.locator('.cm-completionLabel', { hasText: new RegExp(`^${offered}$`) }) }).waitFor();
      await page.keyboard.press('Escape');
      for (let i = 0; i < typed.length; i++) await page.keyboard.press('Backspace');
    }
    await page.getByRole('button', { name: 'Canvas' }).click();
    await page.locator('.step-node[data-path="steps[1]"]', { hasText: 'pause' }).waitFor();
    assert.match(await page.locator('.step-node[data-path="steps[1]"]').innerText(), /Delay/);
  });

  it('says on the canvas that the YAML does not parse, keeps the forms from edits, and takes a click on the problem to its line', async () => {
    const id = `e2e-yaml-broken-${RUN}`;
    const text = `id: ${id}\nsteps:\n  - { id: first, type: transform, set: { a: 1 } }\n`;
    assert.equal((await api('POST', '/api/flows', text)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.getByRole('button', { name: 'YAML' }).click();
    const cm = page.locator('.yaml-view .cm-content');
    await cm.waitFor();
    await cm.fill(`${text}  - id: second\n    type: delay\n    duration: 1s: 2\n    name: wait\n`);
    await page.getByRole('button', { name: 'Canvas' }).click();
    const banner = page.locator('.parse-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /YAML does not parse \(line 6\).*cannot be changed until the YAML is fixed/s);
    // the form is the last version that parsed, and says so instead of refusing each keystroke
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    assert.equal(await page.locator('.step-form').getByLabel('Name', { exact: true }).isDisabled(), true);
    // the problem (no step to select on the canvas) opens the YAML view at its line, and does again
    const problem = page.locator('.problems button.problem', { hasText: 'PARSE_ERROR' });
    await problem.click();
    const active = page.locator('.yaml-view .cm-activeLine');
    await active.filter({ hasText: 'duration: 1s: 2' }).waitFor();
    await page.keyboard.press('Control+Home');
    await active.filter({ hasText: `id: ${id}` }).waitFor();
    await problem.click();
    await active.filter({ hasText: 'duration: 1s: 2' }).waitFor();
    await cm.fill(`${text}  - id: second\n    type: delay\n    duration: 1s\n`);
    await page.getByRole('button', { name: 'Canvas' }).click();
    await page.locator('.step-node[data-path="steps[1]"]').waitFor();
    assert.equal(await banner.count(), 0);
  });
});

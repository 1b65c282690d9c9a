// End-to-end: the inspector's forms — typed values in name/value rows, a trigger form with the fields of
// its type only, errors in words — and a new schedule that does not start on its own.
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


const form = () => page.locator('.inspector');
const labels = () => form().locator('label, legend').allInnerTexts();

async function save(version) {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(`Saved as version ${version}`).waitFor();
}

describe('the inspector forms', () => {
  it('saves a value that reads as a number, boolean or null as that type, quoted as text, and edits a number there already', async () => {
    const id = `e2e-typed-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nsteps:\n  - { id: shape, type: transform, set: { count: 1 } }\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    const set = form().getByRole('group', { name: 'Set' });
    const count = set.getByLabel('Set: value of count');
    assert.equal(await count.inputValue(), '1');
    await count.fill('2');
    for (const [name, value] of [
      ['total', '42'],
      ['ratio', '1.10'],
      ['flag', 'true'],
      ['none', 'null'],
      ['code', '"42"'],
      ['who', '${input.customer}'],
    ]) {
      await set.getByLabel('Set: new name').fill(name);
      await set.getByRole('button', { name: 'Add' }).click();
      await set.getByLabel(`Set: value of ${name}`).fill(value);
    }
    assert.equal(await set.getByLabel('saved as number').count(), 3);
    await save(2);
    const saved = (await api('GET', `/api/flows/${id}`)).json.steps[0].set;
    assert.deepEqual(saved, { count: 2, total: 42, ratio: 1.1, flag: true, none: null, code: '42', who: '${input.customer}' });
  });

  it('shows a trigger only the fields of its type, says manual for a flow without one, and drops the old type\'s fields', async () => {
    const id = `e2e-trigger-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nsteps: []\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.trigger-node .node-main').click();
    await form().getByText('This flow has no trigger:').waitFor();
    assert.equal(await form().getByLabel('Type *').inputValue(), 'manual');
    assert.deepEqual(await labels(), ['Trigger', 'Type *']);

    await form().getByLabel('Type *').selectOption('webhook');
    await form().getByLabel('Path').fill(id);
    const webhook = await labels();
    assert.ok(webhook.includes('Path') && webhook.includes('Signature'), webhook.join());
    assert.ok(!webhook.includes('Cron') && !webhook.includes('Time zone'), webhook.join());
    assert.ok(!webhook.includes('Header'), `an hmac field with no scheme chosen: ${webhook.join()}`);
    // a webhook is open until a signature scheme is chosen: the scheme is no required field then, and
    // "none" takes the whole signature away again
    assert.ok(webhook.includes('Scheme') && !webhook.includes('Scheme *') && !webhook.includes('Secret'), webhook.join());
    assert.equal(await form().getByLabel('Scheme').locator('option:checked').innerText(), 'none (no signature)');
    assert.equal(await form().getByText('webhook: ').count(), 0, 'a description repeats the condition the form applies');
    await form().getByLabel('Scheme').selectOption('hmac');
    await form().getByLabel('Secret', { exact: true }).fill('${secrets.HOOK}');
    await form().getByLabel('Scheme').selectOption('');
    await form().getByLabel('Secret', { exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'YAML' }).click();
    await page.locator('.yaml-view .cm-line', { hasText: `path: ${id}` }).waitFor();
    assert.doesNotMatch(await page.locator('.yaml-view .cm-content').innerText(), /signature|secret/);
    await page.getByRole('button', { name: 'Canvas' }).click();
    await page.locator('.trigger-node .node-main').click();

    await form().getByLabel('Type *').selectOption('schedule');
    await form().getByLabel('Cron').fill('0 0 3 * * *');
    const schedule = await labels();
    assert.ok(schedule.includes('Cron') && !schedule.includes('Path') && !schedule.includes('Signature'), schedule.join());
    await save(2);
    assert.deepEqual((await api('GET', `/api/flows/${id}`)).json.trigger, { type: 'schedule', cron: '0 0 3 * * *' });
    await api('POST', `/api/flows/${id}/disable`);
  });

  it('shows the flow id, which cannot be changed, and renames the flow', async () => {
    const id = `e2e-rename-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nname: Old name\nsteps: []\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    const flowForm = page.locator('.inspector[aria-label="Flow settings"]');
    const idInput = flowForm.getByLabel('Id', { exact: true });
    assert.equal(await idInput.inputValue(), id);
    assert.equal(await idInput.getAttribute('readonly'), '');
    await flowForm.getByLabel('Name', { exact: true }).fill('New name');
    await page.locator('.toolbar h1', { hasText: 'New name' }).waitFor();
    await save(2);
    assert.equal((await api('GET', `/api/flows/${id}`)).json.name, 'New name');
  });

  it('keeps both rows when a row is renamed to a name another row has, on the way to a new name', async () => {
    const id = `e2e-rowname-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nsteps:\n  - { id: shape, type: transform, set: { items: "\${input.lines}", lines: 2 } }\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    const set = form().getByRole('group', { name: 'Set' });
    const first = set.getByLabel('Set: name 1');
    await first.fill('lines');
    await set.getByText("'lines' is already a name here").waitFor();
    await first.fill('lines2');
    await set.getByText("'lines' is already a name here").waitFor({ state: 'detached' });
    await save(2);
    assert.deepEqual((await api('GET', `/api/flows/${id}`)).json.steps[0].set, { lines2: '${input.lines}', lines: 2 });
  });

  it("shows an injected fault the settings of its mode, adds its latency as a whole, and paints no error settings red", async () => {
    const id = `e2e-latency-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nsteps:\n  - { id: slow, type: error-injection, mode: latency, latency: { min: 5ms } }\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    const latency = form().locator('fieldset.group-latency');
    await latency.getByLabel('Min *').waitFor();
    assert.equal(await form().locator('fieldset.group-error').count(), 0, 'the error of mode fail shows in mode latency');
    assert.equal(await form().getByText('mode latency:').count(), 0, 'a description repeats the condition the form applies');
    await latency.getByRole('button', { name: 'Remove latency' }).click();
    await latency.getByRole('button', { name: 'Add latency' }).waitFor();
    assert.equal(await latency.getByLabel('Min *').count(), 0, 'a required field of a group that is not there');

    await form().getByLabel('Mode *').selectOption('fail');
    const error = form().locator('fieldset.group-error');
    await error.getByLabel('Code').waitFor();
    assert.equal(await form().locator('fieldset.group-latency').count(), 0);
    const red = await error.locator('legend').evaluate((el) => getComputedStyle(el).color);
    const plain = await form().locator('fieldset.group-retry legend').evaluate((el) => getComputedStyle(el).color);
    assert.equal(red, plain, 'the Error settings are painted as an error');
  });

  it('titles a step without an id as such and says what is wrong with an id in words', async () => {
    const id = `e2e-stepid-${RUN}`;
    assert.equal((await api('POST', '/api/flows', `id: ${id}\nsteps:\n  - { id: shape, type: transform, set: { a: 1 } }\n`)).status, 201);
    await page.goto(`${UI}/flows/${id}`);
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    const idField = form().locator('.step-form .field-id');
    await idField.getByLabel('Id *').fill('');
    await form().locator('h2', { hasText: '(no id)' }).waitFor();
    assert.doesNotMatch(await form().locator('h2').innerText(), /undefined/);
    await idField.locator('.field-error', { hasText: 'is required' }).waitFor();

    await idField.getByLabel('Id *').fill('1st-step');
    await idField.locator('.field-error', { hasText: "'1st-step' is not a step id" }).waitFor();
    assert.doesNotMatch(await idField.innerText(), /\^\[|Must match/);
  });

  it('closes the New flow form with Escape and gives the focus back to its button', async () => {
    await page.goto(`${UI}/`);
    const button = page.getByRole('button', { name: 'New flow' });
    await button.click();
    const create = page.getByRole('form', { name: 'New flow' });
    await create.getByLabel('Id').fill('half-typed');
    await page.keyboard.press('Escape');
    await create.waitFor({ state: 'detached' });
    assert.equal(await button.evaluate((el) => el === document.activeElement), true, 'the focus is on New flow');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
  });

  it('creates a schedule with the cron the analyst gives, disabled until it is enabled, and says so before Run', async () => {
    const id = `e2e-sched-${RUN}`;
    await page.goto(`${UI}/`);
    await page.getByRole('button', { name: 'New flow' }).click();
    const create = page.getByRole('form', { name: 'New flow' });
    await create.getByLabel('Id').fill(id);
    await create.getByLabel('Trigger').selectOption('schedule');
    assert.equal(await create.getByRole('button', { name: 'Create' }).isDisabled(), true, 'no cron, no flow');
    await create.getByText('The flow is created disabled').waitFor();
    await create.getByLabel('Cron *').fill('0 */5 * * * *');
    await create.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`**/flows/${id}`);
    // the form that had the focus is gone: the focus is on the new flow's name, not lost on the page
    const heading = page.locator('.toolbar h1');
    await heading.waitFor();
    await page.waitForFunction(() => document.activeElement?.matches('.toolbar h1'));
    assert.match(await heading.innerText(), new RegExp(id));
    const list = (await api('GET', '/api/flows')).json.find((f) => f.id === id);
    assert.equal(list.enabled, false);
    assert.deepEqual((await api('GET', `/api/flows/${id}`)).json.trigger, { type: 'schedule', cron: '0 */5 * * * *' });

    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('status').filter({ hasText: 'This flow is disabled: Run is refused' }).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('Not run: this flow is disabled').waitFor();
    await page.goto(`${UI}/`);
    const row = page.locator(`tr[data-flow-id="${id}"]`);
    await row.getByText('disabled').waitFor();
    await row.getByRole('button', { name: `Enable ${id}` }).click();
    await page.getByText(`Enabled ${id}`).waitFor();
    assert.equal((await api('GET', '/api/flows')).json.find((f) => f.id === id).enabled, true);
    await api('POST', `/api/flows/${id}/disable`);
  });
});

// End-to-end: undo in a field is the editor's undo, a save's notice comes and goes without moving the
// canvas, a step's kind reads as text, a new choice's condition is left to write, foreach items count from 1;
// a step added from the palette takes the focus to its form, a step is one Tab stop, a step copied in one tab
// pastes into a flow open in another, the kind menu gives the focus back to its + when closed, a focused + keeps
// the focus while the canvas changes.
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

const stepForm = () => page.locator('.step-form');
const button = (name) => page.getByRole('button', { name, exact: true });

async function openFlow(id, yaml) {
  assert.equal((await api('POST', '/api/flows', `id: ${id}\n${yaml}`)).status, 201);
  await page.goto(`${UI}/flows/${id}`);
  await page.waitForSelector('.end-node');
}

describe('editing', () => {
  it("undoes with Ctrl+Z in a form field or the YAML view as the toolbar's Undo does, so Redo brings the edit back", async () => {
    await openFlow(`e2e-undo-${RUN}`, 'steps:\n  - { id: shape, type: transform, set: { a: 1 } }\n');
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    const name = stepForm().getByLabel('Name', { exact: true });
    await name.click();
    await page.keyboard.type('abc');
    assert.equal(await name.inputValue(), 'abc');
    await page.keyboard.press('Control+z');
    assert.equal(await name.inputValue(), '');
    // the field's own undo was one more edit: Redo stayed off and the toolbar's Undo brought 'abc' back
    assert.equal(await button('Redo').isEnabled(), true);
    await button('Redo').click();
    assert.equal(await name.inputValue(), 'abc');
    await button('Undo').click();
    assert.equal(await name.inputValue(), '');
    assert.equal(await button('Undo').isEnabled(), false);

    await button('YAML').click();
    const cm = page.locator('.yaml-view .cm-content');
    await cm.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# later');
    const later = page.locator('.yaml-view .cm-line', { hasText: '# later' });
    await later.waitFor();
    // the toolbar's Undo and Redo first: the code editor's own history (it had one) took them for edits
    await button('Undo').click();
    await later.waitFor({ state: 'detached' });
    await button('Redo').click();
    await later.waitFor();
    await cm.click();
    await page.keyboard.press('Control+z');
    await later.waitFor({ state: 'detached' });
    assert.equal(await button('Redo').isEnabled(), true);
    assert.equal(await button('Undo').isEnabled(), false);
    // the document as the editor holds it, shown anew: nothing came back after the undo
    await button('Canvas').click();
    await button('YAML').click();
    await page.locator('.yaml-view .cm-line', { hasText: 'steps:' }).waitFor();
    assert.equal(await later.count(), 0);
    await cm.click();
    await page.keyboard.press('Control+Shift+z');
    await later.waitFor();
  });

  it('shows "Saved as version n" without moving the canvas, and takes it away by itself', async () => {
    await openFlow(`e2e-notice-${RUN}`, 'steps:\n  - { id: shape, type: transform, set: { a: 1 } }\n');
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    await stepForm().getByLabel('Name', { exact: true }).fill('Shape');
    const before = await page.locator('.workspace').boundingBox();
    await button('Save').click();
    const notice = page.getByRole('status').filter({ hasText: 'Saved as version 2.' });
    await notice.waitFor();
    assert.deepEqual(await page.locator('.workspace').boundingBox(), before);
    await notice.waitFor({ state: 'detached', timeout: 20_000 });
    assert.deepEqual(await page.locator('.workspace').boundingBox(), before);
  });

  it("shows a step's kind as text, and a new choice's condition empty and required, not one that is always true", async () => {
    await openFlow(`e2e-choice-${RUN}`, 'steps: []\n');
    await page.locator('.palette-item[data-kind="choice"]').dragTo(page.locator('.end-node'));
    await page.waitForSelector('.step-node[data-path="steps[0]"]');
    const kind = stepForm().locator('.field-type');
    assert.equal((await kind.innerText()).replace(/\s+/g, ' ').trim(), 'Type Choice choice');
    assert.equal(await kind.locator('input').count(), 0);

    const condition = stepForm().getByLabel('If *');
    assert.equal(await condition.inputValue(), '');
    // the service's check names what is missing, under the field
    await stepForm().locator('.field-if .field-error', { hasText: 'is required' }).waitFor();
    await button('Add when branch').click();
    assert.deepEqual(await stepForm().getByLabel('If *').evaluateAll((els) => els.map((e) => e.value)), ['', '']);

    await condition.first().fill('${input.total > 100}');
    // the service checks the new text: only the second branch's condition is still missing
    await page.waitForFunction(() => document.querySelectorAll('.step-form .field-if .field-error').length === 1);
  });

  it('numbers foreach items from 1, of how many, with the index expressions see', async () => {
    const id = `e2e-items-${RUN}`;
    await openFlow(id, 'steps:\n  - id: each\n    type: foreach\n    items: "${[10, 20, 30]}"\n    steps:\n      - { id: double, type: transform, script: "return input * 2" }\n');
    const exec = (await api('POST', `/api/flows/${id}/executions?wait=true`, '{}', { 'Content-Type': 'application/json' })).json;
    assert.equal(exec.status, 'SUCCEEDED');
    await page.goto(`${UI}/flows/${id}/executions/${exec.id}`);
    await page.locator('.step-node[data-path="steps[0].steps[0]"][data-status="SUCCEEDED"]').waitFor();
    await page.locator('.step-node[data-path="steps[0].steps[0]"] .node-main').click();
    const heads = page.locator('.inspector .trace-entry h4');
    await heads.nth(2).waitFor();
    const items = (await heads.allInnerTexts()).map((t) => t.match(/item [^·]*\)/)?.[0]);
    assert.deepEqual(items, ['item 1 of 3 (index 0)', 'item 2 of 3 (index 1)', 'item 3 of 3 (index 2)']);
  });

  it('gives the form of a kind added from the palette the focus, so it is filled in next', async () => {
    await openFlow(`e2e-keys-${RUN}`, 'steps:\n  - { id: first, type: delay, duration: 1ms }\n  - { id: second, type: delay, duration: 1ms }\n');
    await page.locator('.palette-item[data-kind="transform"]').focus();
    await page.keyboard.press('Enter');
    const id = stepForm().getByLabel('Id *');
    assert.equal(await id.evaluate((el) => el === document.activeElement), true, 'the focus stayed on the palette');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('shape');
    await page.locator('.step-node[data-path="steps[2]"]', { hasText: 'shape' }).waitFor();
  });

  it('makes each step one Tab stop, named as what it is, that Enter selects', async () => {
    await openFlow(`e2e-tabs-${RUN}`, 'steps:\n  - { id: first, type: delay, duration: 1ms }\n  - { id: shape, type: transform, set: { a: 1 } }\n');
    await page.locator('.react-flow__node[data-id="trigger"]').focus();
    const stops = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement.getAttribute('aria-label')));
    }
    assert.deepEqual(stops, ['Step first (delay)', 'Step shape (transform)', 'Zoom In']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('.inspector h2', { hasText: 'first' }).waitFor();
  });

  it('pastes a step copied in one tab into a flow open in another, with what it reads of itself renamed', async () => {
    await openFlow(`e2e-copy-from-${RUN}`, 'steps:\n  - id: guard\n    type: try\n    steps: [ { id: fetch, type: delay, duration: 1ms } ]\n    catch: [ { id: note, type: transform, set: { seen: "${steps.fetch}" } } ]\n');
    const other = await b.context.newPage();
    try {
      assert.equal((await api('POST', '/api/flows', `id: e2e-copy-to-${RUN}\nsteps:\n  - { id: fetch, type: delay, duration: 1ms }\n`)).status, 201);
      await other.goto(`${UI}/flows/e2e-copy-to-${RUN}`);
      await other.locator('.step-node[data-path="steps[0]"]').waitFor();
      await page.bringToFront();
      await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
      await page.keyboard.press('Control+c');
      await page.getByRole('status').filter({ hasText: "Copied step 'guard'." }).waitFor();
      await other.bringToFront();
      await other.locator('.step-node[data-path="steps[0]"] .node-main').click();
      await other.keyboard.press('Control+v');
      await other.locator('.step-node[data-path="steps[1]"]', { hasText: 'guard' }).waitFor();
      await other.getByRole('status').filter({ hasText: "Pasted step 'guard'." }).waitFor();
      await other.getByRole('button', { name: 'YAML' }).click();
      // the copy's catch reads the copy's fetch (fetch1), not the fetch this flow had already
      await other.locator('.yaml-view .cm-line', { hasText: 'seen: ${steps.fetch1}' }).waitFor();
    } finally {
      await other.close();
    }
  });

  it('says why the clipboard\'s text does not paste, rather than paste a step copied earlier; Ctrl+X says cut', async () => {
    await openFlow(`e2e-paste-text-${RUN}`, 'steps:\n  - { id: a, type: delay, duration: 1ms }\n  - { id: b, type: delay, duration: 1ms }\n');
    await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
    await page.keyboard.press('Control+c');
    await page.getByRole('status').filter({ hasText: "Copied step 'a'." }).waitFor();
    // the system clipboard now holds other text: a paste event carrying it, as the browser sends on Ctrl+V
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'some text from an email');
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.getByRole('status').filter({ hasText: 'The clipboard holds no step to paste: it is plain text, not a step.' }).waitFor();
    assert.equal(await page.locator('.step-node').count(), 2);
    await page.locator('.step-node[data-path="steps[1]"] .node-main').click();
    await page.keyboard.press('Control+x');
    await page.getByRole('status').filter({ hasText: "Cut step 'b'." }).waitFor();
    assert.equal(await page.locator('.step-node').count(), 1);
  });

  it('gives the focus back to the + that opened the kind menu when the menu is closed without a choice', async () => {
    await openFlow(`e2e-menu-${RUN}`, 'steps:\n  - { id: first, type: delay, duration: 1ms }\n  - { id: second, type: delay, duration: 1ms }\n');
    const plus = page.getByRole('button', { name: 'Insert a step after first' });
    await plus.focus();
    await page.keyboard.press('Enter');
    await page.locator('.insert-menu button[data-kind="transform"]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.insert-menu').waitFor({ state: 'detached' });
    assert.equal(await plus.evaluate((el) => el === document.activeElement), true, 'the focus was lost');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Insert a step' }).getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await plus.evaluate((el) => el === document.activeElement), true, 'the focus was lost after Cancel');
  });

  it('keeps the keyboard focus on a + while the selection, the document and its problems change', async () => {
    await openFlow(`e2e-keepplus-${RUN}`, 'steps:\n  - { id: first, type: delay, duration: 1ms }\n  - { id: second, type: delay, duration: 1ms }\n  - { id: third, type: delay, duration: 1ms }\n');
    const broken = page.locator('.step-node.has-problems[data-path="steps[1]"]');
    await page.locator('.step-node[data-path="steps[1]"] .node-main').click();
    await stepForm().getByLabel('Duration').fill('soon');
    await broken.waitFor();
    const edges = () => page.locator('.react-flow__edge path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d')));
    const drawn = await edges();

    // the + next to the selected step; a button made anew with the same name would not carry the mark
    const plus = page.getByRole('button', { name: 'Insert a step after first' });
    await plus.evaluate((el) => {
      el.dataset.e2eMark = 'focused';
      el.focus();
    });
    const marked = page.locator('[data-e2e-mark="focused"]');
    const stillFocused = async (after) => {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const focus = await page.evaluate(() => document.activeElement?.dataset?.e2eMark ?? document.activeElement?.outerHTML.slice(0, 80));
      assert.equal(focus, 'focused', `the + lost the focus after ${after}`);
    };
    await page.keyboard.press('Escape');
    await page.locator('.react-flow__node.selected').waitFor({ state: 'detached' });
    await stillFocused('the selection was cleared');
    // refused: the flow has a problem
    await page.keyboard.press('Control+s');
    await page.getByText(/^Not saved: 1 problem/).waitFor();
    await stillFocused('a refused save');
    await page.keyboard.press('Control+z');
    await stillFocused('an undo');
    await broken.waitFor({ state: 'detached' });
    await stillFocused("the server's validation");
    await page.keyboard.press('Control+Shift+z');
    await stillFocused('a redo');
    await broken.waitFor();
    await stillFocused("the server's validation of the redo");
    await page.keyboard.press('Control+z');
    await broken.waitFor({ state: 'detached' });

    // a step moved (the + names the step now before it) and the move undone
    await page.locator('.step-node[data-path="steps[2]"] .node-main').click();
    await page.locator('.react-flow__node.selected .step-node[data-path="steps[2]"]').waitFor();
    await marked.focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('.step-node[data-path="steps[1]"]', { hasText: 'third' }).waitFor();
    await stillFocused('a move');
    await page.keyboard.press('Control+z');
    await page.locator('.step-node[data-path="steps[2]"]', { hasText: 'third' }).waitFor();
    await stillFocused("a move's undo");
    assert.equal(await marked.getAttribute('aria-label'), 'Insert a step after first');
    assert.deepEqual(await edges(), drawn, 'the edges are drawn where they were');
  });
});

// Saves the screenshots the user guide (docs/editor.md) shows, into docs/images/.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../../docs/images');
mkdirSync(out, { recursive: true });
const UI = process.env.FLOWS_UI_URL;
const flow = 'order-to-erp';
const input = readFileSync(resolve(here, `../../samples/${flow}.input.json`), 'utf8');

const b = await launch();
const page = await b.newPage();
// a picture is taken once what it shows has settled: fonts loaded, the page's panel there, and two
// frames drawn after that; no fixed wait
const shot = async (name) => {
  await page.evaluate(() => document.fonts.ready);
  await page.locator('.problems .count, main table').first().waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `${out}/${name}.png`, animations: 'disabled', caret: 'hide' });
  console.log(`saved docs/images/${name}.png`);
};
await page.goto(`${UI}/`);
await page.locator('table').waitFor();
await shot('editor-list');
await page.goto(`${UI}/flows/${flow}`);
await page.locator('.step-node[data-path="steps[1]"] .node-main').click();
await page.locator('.step-form').waitFor();
await shot('editor-canvas-form');
await page.getByRole('button', { name: 'YAML' }).click();
await page.locator('.yaml-view .cm-line', { hasText: 'id: order-to-erp' }).waitFor();
await shot('editor-yaml');
await page.getByRole('button', { name: 'Canvas' }).click();
await page.getByRole('tab', { name: 'Run' }).click();
await page.getByLabel('Input (JSON, the trigger body)').fill(input);
await page.getByRole('button', { name: 'Run', exact: true }).click();
await page.locator('.execution-summary .badge:not(.badge-running):not(.badge-queued)').waitFor({ timeout: 30_000 });
await page.locator('.step-node[data-path="steps[1]"][data-status="SUCCEEDED"] .node-main').click();
await page.locator('.inspector .trace-output').first().waitFor();
await shot('editor-run');
await b.close();

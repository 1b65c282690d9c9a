// Timing: a 200-step flow opens in < 2 s, an edit re-renders in < 100 ms. Prints the figures.
import { launch } from './browser.mjs';

const UI = process.env.FLOWS_UI_URL;
const API = process.env.FLOWS_API_URL;
const id = `perf-${Date.now().toString(36)}`;

let yaml = `id: ${id}\nname: Perf 200\ntrigger: { type: manual }\nsteps:\n`;
let n = 0;
while (n < 200) {
  if (n % 20 === 10) {
    yaml += `  - id: c${n}\n    type: choice\n    when:\n      - if: "\${input.x > 1}"\n        steps:\n          - { id: s${n + 1}, type: transform, script: "return input" }\n    otherwise:\n          - { id: s${n + 2}, type: delay, duration: 1ms }\n`;
    n += 3;
  } else {
    yaml += `  - { id: s${n}, type: transform, script: "return { ...input, n: ${n} }" }\n`;
    n += 1;
  }
}
const created = await fetch(`${API}/api/flows`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: yaml });
if (!created.ok) throw new Error(`could not create the perf flow: ${created.status} ${await created.text()}`);

const b = await launch();
const page = await b.newPage();
const opens = [];
for (let i = 0; i < 3; i++) {
  const t0 = Date.now();
  await page.goto(`${UI}/flows/${id}`);
  await page.locator('.step-node').first().waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  opens.push(Date.now() - t0);
}
await page.locator('.step-node[data-path="steps[0]"] .node-main').click();
await page.locator('.step-form').waitFor();
const edits = [];
for (let i = 0; i < 7; i++) {
  edits.push(
    await page.evaluate(async (name) => {
      const input = document.getElementById('f-steps[0].name');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const t0 = performance.now();
      setter.call(input, name);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => {
        const check = () => (document.querySelector('.step-node[data-path="steps[0]"] .node-label')?.textContent === name ? r() : requestAnimationFrame(check));
        check();
      });
      return performance.now() - t0;
    }, `renamed${i}`),
  );
}
await b.close();
await fetch(`${API}/api/flows/${id}`, { method: 'DELETE' });
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const open = median(opens);
const edit = median(edits);
console.log(`open 200-step flow: median ${open} ms (runs: ${opens.join(', ')})`);
console.log(`edit re-render (rename a step): median ${edit.toFixed(1)} ms (runs: ${edits.map((x) => x.toFixed(1)).join(', ')})`);
const ok = open < 2000 && edit < 100;
console.log(ok ? 'PERF OK' : 'PERF BUDGET MISSED');
process.exit(ok ? 0 : 1);

import { parseYamlKeepingNumbers } from '../../model/yamlText';

/** The YAML of a new, empty flow; a schedule gets the cron the analyst chose, never one of ours. */
export function newFlowYaml(id: string, name: string, trigger: string, cron = ''): string {
  const t = trigger === 'webhook' ? `{ type: webhook, path: ${id} }` : trigger === 'schedule' ? `{ type: schedule, cron: ${JSON.stringify(cron.trim())} }` : '{ type: manual }';
  return `id: ${id}\nname: ${JSON.stringify(name || id)}\ntrigger: ${t}\nsteps: []\n`;
}

/** A copy of a flow's text under a new id (comments kept); a webhook path gets the id too, paths must be unique. */
export function duplicateYaml(text: string, newId: string): string {
  const doc = parseYamlKeepingNumbers(text);
  doc.set('id', newId);
  const name = doc.get('name');
  doc.set('name', `${typeof name === 'string' ? name : newId} (copy)`);
  if (doc.getIn(['trigger', 'type']) === 'webhook') doc.setIn(['trigger', 'path'], newId);
  return doc.toString({ lineWidth: 0 });
}

/** `order-to-erp` → `order-to-erp-copy`, then `-copy-2`, ... avoiding `taken`. */
export function copyId(id: string, taken: Set<string>): string {
  let candidate = `${id}-copy`;
  for (let i = 2; taken.has(candidate); i++) candidate = `${id}-copy-${i}`;
  return candidate;
}

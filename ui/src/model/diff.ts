import type { Json, JsonObject, StepKind } from './schema';
import { branchesOf, isObject, walkSteps } from './schema';
import { formatPath } from './paths';

export interface StepChange {
  id: string;
  change: 'added' | 'removed' | 'changed' | 'moved';
  path: string;
  fromPath?: string;
  fields?: { field: string; before: Json | undefined; after: Json | undefined }[];
}

const SERVER_FIELDS = new Set(['version', 'createdAt', 'updatedAt']);

/** A step without its nested steps (they are compared on their own). */
function own(step: JsonObject, kinds: Map<string, StepKind>): JsonObject {
  const kind = typeof step.type === 'string' ? kinds.get(step.type) : undefined;
  const copy = JSON.parse(JSON.stringify(step)) as JsonObject;
  for (const b of branchesOf(step, kind?.schema)) {
    let cur: Json = copy;
    for (const seg of b.path.slice(0, -1)) cur = (cur as Record<string, Json>)[seg as string];
    (cur as Record<string | number, Json>)[b.path[b.path.length - 1] as never] = `(${b.steps.length} step${b.steps.length === 1 ? '' : 's'})` as never;
  }
  return copy;
}

function collect(doc: Json, kinds: Map<string, StepKind>) {
  const m = new Map<string, { path: string; step: JsonObject }>();
  walkSteps(doc, kinds, (s, p) => m.set(String(s.id), { path: formatPath(p), step: own(s, kinds) }));
  return m;
}

function fieldDiff(a: JsonObject, b: JsonObject) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !SERVER_FIELDS.has(k));
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => ({ field: k, before: a[k], after: b[k] }));
}

/** Step-by-step difference between two versions of a flow, matched by step id, plus flow-level fields. */
export function diffFlows(before: Json, after: Json, kinds: Map<string, StepKind>): { flow: StepChange['fields']; steps: StepChange[] } {
  const a = collect(before, kinds);
  const b = collect(after, kinds);
  const steps: StepChange[] = [];
  for (const [id, x] of b) {
    const y = a.get(id);
    if (!y) {
      steps.push({ id, change: 'added', path: x.path });
      continue;
    }
    const fields = fieldDiff(y.step, x.step);
    if (fields.length) steps.push({ id, change: 'changed', path: x.path, fromPath: y.path !== x.path ? y.path : undefined, fields });
    else if (y.path !== x.path) steps.push({ id, change: 'moved', path: x.path, fromPath: y.path });
  }
  for (const [id, y] of a) if (!b.has(id)) steps.push({ id, change: 'removed', path: y.path });
  const strip = (d: Json): JsonObject => {
    const o = isObject(d) ? { ...d } : {};
    delete o.steps;
    return o;
  };
  return { flow: fieldDiff(strip(before), strip(after)), steps };
}

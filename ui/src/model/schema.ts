import type { Path } from './paths';

/** The subset of JSON Schema that the server's step and flow schemas use. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  'x-steps'?: 'list' | 'map';
  'x-widget'?: 'code' | 'duration' | 'expression' | 'json' | 'mapping' | 'connection';
  'x-category'?: string;
}

/** One entry of GET /api/steps. */
export interface StepKind {
  kind: string;
  title: string;
  description: string;
  category: string;
  schema: JsonSchema;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** A nested step list inside one step, found through the schema's `x-steps` hints. */
export interface Branch {
  /** Shown on the edge into the branch, e.g. "catch", "erp", "when 1: ${input.total > 100}". */
  label: string;
  /** Where the list sits, relative to the step. */
  path: Path;
  steps: Json[];
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Properties (of a step's schema or of an item schema) that hold nested steps somewhere. */
function slotProps(schema: JsonSchema | undefined): [string, JsonSchema][] {
  if (!schema?.properties) return [];
  // required slots first (a try's steps before its catch, a choice's when before otherwise): the
  // server lists properties alphabetically, and what must be there is what runs first
  const req = schema.required ?? [];
  const rank = (k: string) => (req.includes(k) ? req.indexOf(k) : req.length);
  return Object.entries(schema.properties)
    .filter(([, p]) => holdsSteps(p))
    .sort(([a], [b]) => rank(a) - rank(b));
}

/** Whether a property holds steps: `x-steps` on it, or on a property of its array items. */
export function holdsSteps(p: JsonSchema): boolean {
  if (p['x-steps']) return true;
  return !!p.items && slotProps(p.items).length > 0;
}

function labelOf(item: JsonObject, itemSchema: JsonSchema): string {
  for (const [k, p] of Object.entries(itemSchema.properties ?? {})) {
    if (!holdsSteps(p) && typeof item[k] === 'string') return String(item[k]);
  }
  return '';
}

/**
 * The branches of one step: every nested step list its kind's schema declares, in schema order.
 * `x-steps: list` is one list, `map` one list per key, and an array whose items declare step lists
 * (like choice's `when`) one list per item. Nothing here knows a kind by name.
 */
export function branchesOf(step: JsonObject, schema: JsonSchema | undefined): Branch[] {
  const out: Branch[] = [];
  for (const [prop, p] of slotProps(schema)) {
    const title = (p.title ?? prop).toLowerCase();
    const value = step[prop];
    if (p['x-steps'] === 'list') {
      out.push({ label: title, path: [prop], steps: Array.isArray(value) ? value : [] });
    } else if (p['x-steps'] === 'map') {
      if (isObject(value)) {
        for (const [key, list] of Object.entries(value)) out.push({ label: key, path: [prop, key], steps: Array.isArray(list) ? list : [] });
      }
    } else if (p.items && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (!isObject(item)) return;
        for (const [inner, ip] of slotProps(p.items)) {
          const cond = labelOf(item, p.items!);
          const list = item[inner];
          const innerTitle = inner === 'steps' ? '' : ` ${ip.title ?? inner}`;
          out.push({
            label: `${title} ${i + 1}${innerTitle}${cond ? `: ${cond}` : ''}`,
            path: [prop, i, inner],
            steps: Array.isArray(list) ? list : [],
          });
        }
      });
    }
  }
  return out;
}

/** Visits every step of the document, depth first, in document order. */
export function walkSteps(doc: Json, kinds: Map<string, StepKind>, visit: (step: JsonObject, path: Path) => void): void {
  const walkList = (list: Json, base: Path) => {
    if (!Array.isArray(list)) return;
    list.forEach((s, i) => {
      if (!isObject(s)) return;
      const path = [...base, i];
      visit(s, path);
      const kind = typeof s.type === 'string' ? kinds.get(s.type) : undefined;
      for (const b of branchesOf(s, kind?.schema)) walkList(b.steps, [...path, ...b.path]);
    });
  };
  if (isObject(doc)) walkList(doc.steps, ['steps']);
}

/**
 * A new item of a list of branches (a choice's `when`): its step lists, empty. Its condition is left
 * for the user to write: the form shows it empty and required, the service flags it until it is
 * there; any condition put in for them (`${true}`, `${input}`) would be true for every input and
 * quietly send everything down the first branch.
 */
export function newBranch(item: JsonSchema): JsonObject {
  const branch: JsonObject = {};
  for (const [k, ip] of Object.entries(item.properties ?? {})) if (holdsSteps(ip)) branch[k] = [];
  return branch;
}

/** The value a new field gets when a step is created: empty step lists, `default`s of required fields. */
function initialValue(p: JsonSchema): Json | undefined {
  if (p['x-steps'] === 'list') return [];
  if (p['x-steps'] === 'map') return {};
  if (p.items && holdsSteps(p)) return [newBranch(p.items)];
  if (p.default !== undefined) return p.default as Json;
  if (p.enum && p.enum.length) return p.enum[0] as Json;
  if (p.type === 'array') return [];
  if (p.type === 'object') return {};
  if (p['x-widget'] === 'expression') return '${input}';
  return undefined;
}

/** A fresh step of a kind: its id, type and required fields. */
export function newStep(kind: StepKind, id: string): JsonObject {
  const step: JsonObject = { id, type: kind.kind };
  for (const r of kind.schema.required ?? []) {
    if (r === 'id' || r === 'type') continue;
    const p = kind.schema.properties?.[r];
    const v = p ? initialValue(p) : undefined;
    if (v !== undefined) step[r] = v;
  }
  return step;
}

/** A JavaScript identifier from a kind name: `connector-call` → `connectorCall`. */
export function idBase(kind: string): string {
  const camel = kind.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_]/g, '');
  return /^[A-Za-z_]/.test(camel) ? camel : `step${camel}`;
}

/** The first of base1, base2, ... that no step uses yet. */
export function uniqueId(base: string, used: Set<string>): string {
  for (let i = 1; ; i++) {
    const id = `${base}${i}`;
    if (!used.has(id)) return id;
  }
}

export function stepIds(doc: Json, kinds: Map<string, StepKind>): Set<string> {
  const ids = new Set<string>();
  walkSteps(doc, kinds, (s) => {
    if (typeof s.id === 'string') ids.add(s.id);
  });
  return ids;
}

/**
 * A copy of a step (and its nested steps) whose ids do not clash with `used`; `used` gains them.
 * Where the copy reads its own steps (`steps.fetch` in a try's catch, say), it reads the copies: a
 * reference left on the original would still validate (the original runs earlier) and quietly read
 * the original's result.
 */
export function withFreshIds(step: JsonObject, kinds: Map<string, StepKind>, used: Set<string>): JsonObject {
  return withFreshIdsAll([step], kinds, used)[0];
}

/** Copies of steps pasted together, as `withFreshIds`: where one reads another (`steps.x`), it reads its copy. */
export function withFreshIdsAll(steps: JsonObject[], kinds: Map<string, StepKind>, used: Set<string>): JsonObject[] {
  const copies = JSON.parse(JSON.stringify(steps)) as JsonObject[];
  const renamed = new Map<string, string>();
  walkSteps({ steps: copies }, kinds, (s) => {
    const id = typeof s.id === 'string' ? s.id : idBase(String(s.type ?? 'step'));
    let fresh = id;
    if (used.has(fresh)) {
      const base = id.replace(/\d+$/, '') || 'step';
      fresh = uniqueId(base, used);
    }
    if (typeof s.id === 'string' && fresh !== s.id) renamed.set(s.id, fresh);
    s.id = fresh;
    used.add(fresh);
  });
  return renamed.size ? (renameStepReferences(copies, renamed) as JsonObject[]) : copies;
}

/** `steps.a`, `steps?.a`, `steps['a']` and `steps["a"]` in every text of a value (expressions, scripts), by `renamed`. */
export function renameStepReferences(value: Json, renamed: Map<string, string>): Json {
  if (typeof value === 'string') {
    return value
      .replace(/\bsteps(\??\.)([A-Za-z_$][\w$]*)/g, (m, dot: string, id: string) => (renamed.has(id) ? `steps${dot}${renamed.get(id)}` : m))
      .replace(/\bsteps((?:\?\.)?\[\s*)(['"])([A-Za-z_$][\w$]*)\2/g, (m, open: string, q: string, id: string) => (renamed.has(id) ? `steps${open}${q}${renamed.get(id)}${q}` : m));
  }
  if (Array.isArray(value)) return value.map((v) => renameStepReferences(v, renamed));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameStepReferences(v, renamed)]));
  return value;
}

/**
 * The values of a sibling choice that a property is for. The schema says it in the description
 * ("webhook: the path under /hooks/", "hmac: the header ...", "mode fail: the error to raise"): a
 * property whose description starts with values of a sibling's `enum` (after that sibling's name, if
 * given) and a colon applies only when that sibling holds one of them. A description that starts with
 * the property's own values ("fail: the execution fails; continue: ...") explains them instead.
 */
export function fieldCondition(parent: JsonSchema, prop: string): { field: string; values: string[] } | null {
  const own = parent.properties?.[prop];
  const m = /^(?:([a-z][A-Za-z0-9]*) )?([a-z0-9-]+(?:(?:, | or | and )[a-z0-9-]+)*):\s/.exec(own?.description ?? '');
  if (!m) return null;
  const values = m[2].split(/, | or | and /);
  if (own?.enum && values.every((v) => own.enum!.includes(v))) return null;
  for (const [field, p] of Object.entries(parent.properties ?? {})) {
    if (field !== prop && (!m[1] || m[1] === field) && p.enum && values.every((v) => p.enum!.includes(v))) return { field, values };
  }
  return null;
}

/**
 * A field's description as the form shows it: without the condition the form applies already
 * ("webhook: the path under /hooks/." reads "The path under /hooks/." on a webhook's form).
 */
export function shownDescription(parent: JsonSchema, prop: string): string | undefined {
  const d = parent.properties?.[prop]?.description;
  if (!d || !fieldCondition(parent, prop)) return d;
  const rest = d.slice(d.indexOf(':') + 1).trim();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * The choice that adds an optional group of fields as a whole: its required field with a list of
 * values (a webhook signature's scheme), or null. A group like that is written only once the choice
 * is made, so its other fields are not left without the one they need.
 */
export function groupChoice(group: JsonSchema): string | null {
  return group.required?.find((k) => Array.isArray(group.properties?.[k]?.enum)) ?? null;
}

/**
 * The properties of an object schema that apply to `value`: those without a condition, and those whose
 * sibling choice holds one of their values (`defaults` stands in for a choice not written, e.g. a
 * missing trigger type is manual).
 */
export function applicableProps(parent: JsonSchema, value: JsonObject, defaults: Record<string, string> = {}): string[] {
  return Object.keys(parent.properties ?? {}).filter((k) => {
    const c = fieldCondition(parent, k);
    if (!c) return true;
    const chosen = value[c.field] ?? defaults[c.field];
    return typeof chosen === 'string' && c.values.includes(chosen);
  });
}

/** The fields of `value` that stop applying when its choice `field` becomes `to` (they are dropped with the change). */
export function fieldsLeftBehind(parent: JsonSchema, value: JsonObject, field: string, to: string): string[] {
  const after = new Set(applicableProps(parent, { ...value, [field]: to }));
  return Object.keys(value).filter((k) => k !== field && parent.properties?.[k] && !after.has(k));
}

// a step's fields in form order: identity first, the kind's own fields next, the common policies last
const FIRST = ['id', 'type', 'name', 'description'];
const LAST = ['timeout', 'retry', 'onError'];
const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : LAST.includes(k) ? 100 + LAST.indexOf(k) : 10);

/** A step kind's fields in the order its form shows them (and a new field is written in the YAML). */
export function formOrder(schema: JsonSchema): string[] {
  return Object.keys(schema.properties ?? {}).sort((a, b) => rank(a) - rank(b));
}

/**
 * The keys the map at `path` may have, in the order its form shows them, or null where no schema says
 * (a set: mapping, a parallel step's branches): a field the form adds is written at its place among
 * them, so the YAML reads as the form does (`if:` before `steps:`, `name:` after `type:`).
 */
export function keyOrder(doc: Json, path: Path, kinds: Map<string, StepKind>, flowSchema: JsonSchema | null): string[] | null {
  let schema: JsonSchema | undefined = flowSchema ?? undefined;
  let value: Json | undefined = doc;
  let steps = false; // whether `schema` is that of a list of steps
  let step = false; // whether it is a step's (its kind's)
  for (const seg of path) {
    value = isObject(value) || Array.isArray(value) ? (value as Record<string | number, Json>)[seg as never] : undefined;
    if (!schema) return null;
    if (typeof seg === 'number') {
      step = steps;
      schema = steps ? (isObject(value) && typeof value.type === 'string' ? kinds.get(value.type)?.schema : undefined) : schema.items;
      steps = false;
    } else {
      const map: boolean = schema['x-steps'] === 'map';
      const next: JsonSchema | undefined = schema.properties?.[seg] ?? (isObject(schema.additionalProperties) ? (schema.additionalProperties as JsonSchema) : undefined);
      steps = map || next?.['x-steps'] === 'list';
      step = false;
      schema = next;
    }
  }
  if (!schema?.properties) return null;
  return step ? formOrder(schema) : Object.keys(schema.properties);
}


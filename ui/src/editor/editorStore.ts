import { parse as parseYaml, stringify } from 'yaml';
import type { Execution } from '../api/executions';
import type { Problem } from '../api/flows';
import { flowsApi } from '../api/flows';
import { ApiError } from '../api/http';
import { createStore } from '../app/store';
import { problemLine } from '../app/format';
import type { FlowDocument } from '../model/document';
import { deleteStep, insertStep, moveStep, parseErrorText, parseFlow, setField, valueAt } from '../model/document';
import type { Path } from '../model/paths';
import { formatPath, parsePath } from '../model/paths';
import type { InsertPoint } from '../model/graph';
import type { JsonObject, JsonSchema, StepKind } from '../model/schema';
import { idBase, isObject, keyOrder, newStep, stepIds, uniqueId, withFreshIdsAll } from '../model/schema';

export type SidePanel = 'inspector' | 'run' | 'executions' | 'versions';

export interface EditorState {
  kinds: Map<string, StepKind>;
  flowSchema: JsonSchema | null;
  flowId: string | null;
  baseVersion: number;
  savedText: string;
  fd: FlowDocument;
  undo: string[];
  redo: string[];
  /** Selected node: a step path, 'trigger', or null (the flow's own settings). */
  selected: string | null;
  view: 'canvas' | 'yaml';
  panel: SidePanel;
  problems: Problem[];
  /** The execution shown on the canvas. */
  execution: Execution | null;
  /**
   * Set while the canvas shows the document of the version an execution ran (another version than
   * the one being edited): read-only, the editor's own document stays as it was underneath.
   */
  runView: { version: number; fd: FlowDocument } | null;
  message: { kind: 'info' | 'error'; text: string } | null;
  /** Line the YAML view should reveal (a problem clicked); `seq` makes each request new, so a second click jumps again. */
  revealLine: { line: number; seq: number } | null;
  /** Set when "+" on an edge was clicked: the kind menu then inserts there. */
  pendingInsert: InsertPoint | null;
  /** A node the canvas should bring into view (a step just added or moved, a problem clicked); `seq` makes each request new. */
  reveal: { node: string; seq: number } | null;
  /** Set when a step was added from the palette or the insert menu: its form takes the focus, to be filled in next. */
  focusForm: number;
}

const empty = parseFlow('');

export const editor = createStore<EditorState>({
  kinds: new Map(),
  flowSchema: null,
  flowId: null,
  baseVersion: 0,
  savedText: '',
  fd: empty,
  undo: [],
  redo: [],
  selected: null,
  view: 'canvas',
  panel: 'inspector',
  problems: [],
  execution: null,
  runView: null,
  message: null,
  revealLine: null,
  pendingInsert: null,
  reveal: null,
  focusForm: 0,
});

export const isDirty = (s: EditorState) => s.fd.text !== s.savedText;

/** The document the canvas, the forms and the YAML view show: the run's version in a run view, else the one being edited. */
export const shownDoc = (s: EditorState): FlowDocument => s.runView?.fd ?? s.fd;

let clipboard: JsonObject[] | null = null;
let revealSeq = 0;

/** Selects a node and asks the canvas to bring it into view. */
export function selectAndReveal(node: string | null): void {
  editor.set({ selected: node, panel: 'inspector', ...(node ? { reveal: { node, seq: ++revealSeq } } : {}) });
}

/** Shows the YAML view at a line (a problem's): where a document that does not parse is fixed. */
export function showLine(line: number | null | undefined): void {
  editor.set({ view: 'yaml', ...(line ? { revealLine: { line, seq: ++revealSeq } } : {}) });
}

let lastEditKey: string | null = null;
let lastEditAt = 0;

export function openDocument(flowId: string, text: string, version: number): void {
  editor.set({ flowId, baseVersion: version, savedText: text, fd: parseFlow(text), undo: [], redo: [], selected: null, problems: [], execution: null, runView: null, message: null });
}

/** Shows the document of `version` (the version an execution ran) read-only, or, with null, the editor's own again. */
export function setRunView(view: { version: number; text: string } | null): void {
  const s = editor.get();
  if ((s.runView?.version ?? null) === (view?.version ?? null)) return;
  editor.set({ runView: view ? { version: view.version, fd: parseFlow(view.text) } : null, selected: null, pendingInsert: null });
}

/** False (and says why) while a run view is shown: its document is a saved version, not the one being edited. */
function editable(): boolean {
  const s = editor.get();
  if (!s.runView) return true;
  editor.set({
    pendingInsert: null,
    message: { kind: 'error', text: `This is version ${s.runView.version}, shown as it ran: it cannot be changed. Close the execution to edit version ${s.baseVersion}.` },
  });
  return false;
}

/**
 * Replaces the document. Edits with the same `coalesce` key in quick succession (typing in one
 * field) make one undo step.
 */
export function commit(next: FlowDocument, opts: { coalesce?: string; select?: string | null } = {}): void {
  if (!editable()) return;
  const s = editor.get();
  if (next.text === s.fd.text) {
    if (opts.select !== undefined) editor.set({ selected: opts.select });
    return;
  }
  const now = Date.now();
  const merge = opts.coalesce !== undefined && opts.coalesce === lastEditKey && now - lastEditAt < 1000;
  lastEditKey = opts.coalesce ?? null;
  lastEditAt = now;
  editor.set({
    fd: next.parseError ? next : { ...next },
    undo: merge ? s.undo : [...s.undo.slice(-199), s.fd.text],
    redo: [],
    ...(opts.select !== undefined ? { selected: opts.select } : {}),
    ...(opts.select ? { reveal: { node: opts.select, seq: ++revealSeq } } : {}),
  });
}

/** The YAML view's edits: text that does not parse is kept, the canvas shows the last good document. */
export function setText(text: string): void {
  commit(parseFlow(text, editor.get().fd.json), { coalesce: 'yaml' });
}

export function undo(): void {
  if (!editable()) return;
  const s = editor.get();
  const prev = s.undo[s.undo.length - 1];
  if (prev === undefined) return;
  lastEditKey = null;
  editor.set({ fd: parseFlow(prev, s.fd.json), undo: s.undo.slice(0, -1), redo: [...s.redo, s.fd.text], selected: keepSelection(prev, s.selected) });
}

export function redo(): void {
  if (!editable()) return;
  const s = editor.get();
  const next = s.redo[s.redo.length - 1];
  if (next === undefined) return;
  lastEditKey = null;
  editor.set({ fd: parseFlow(next, s.fd.json), redo: s.redo.slice(0, -1), undo: [...s.undo, s.fd.text], selected: keepSelection(next, s.selected) });
}

function keepSelection(text: string, selected: string | null): string | null {
  if (!selected || selected === 'trigger') return selected;
  return isObject(valueAt(parseFlow(text).json, parsePath(selected))) ? selected : null;
}

function guardParse(): boolean {
  if (!editable()) return false;
  const s = editor.get();
  if (s.fd.parseError) {
    editor.set({ message: { kind: 'error', text: 'Fix the YAML first: the canvas cannot edit a document that does not parse.' } });
    return false;
  }
  return true;
}

export function addStep(kindName: string, at: InsertPoint): void {
  const s = editor.get();
  const kind = s.kinds.get(kindName);
  if (!kind || !guardParse()) return;
  const id = uniqueId(idBase(kindName), stepIds(s.fd.json, s.kinds));
  const list = parsePath(at.list);
  commit(insertStep(s.fd, list, at.index, newStep(kind, id)), { select: formatPath([...list, at.index]) });
  showNewStep();
}

/** A step added by a button (the palette, the insert menu) is filled in next: the focus goes to its form, not back to the canvas. */
export function addStepAndEdit(kindName: string, at: InsertPoint): void {
  const before = editor.get().fd.text;
  addStep(kindName, at);
  if (editor.get().fd.text !== before) editor.set({ focusForm: editor.get().focusForm + 1 });
}

/** A step just added or pasted is filled in next: its form replaces whatever the side panel showed (the Run tab, say). */
function showNewStep(): void {
  if (editor.get().selected) editor.set({ panel: 'inspector' });
}

export function removeStep(path: string): void {
  const s = editor.get();
  if (!guardParse() || !parsePath(path).length || path === 'trigger') return;
  commit(deleteStep(s.fd, parsePath(path)), { select: null });
}

export function moveTo(path: string, at: InsertPoint): void {
  const s = editor.get();
  if (!guardParse()) return;
  const r = moveStep(s.fd, parsePath(path), parsePath(at.list), at.index);
  if (!r) {
    editor.set({ message: { kind: 'error', text: 'A step cannot be moved inside itself.' } });
    return;
  }
  commit(r.fd, { select: formatPath(r.path) });
}

/** Moves a step one place up or down in its list. */
export function nudge(path: string, delta: -1 | 1): void {
  const p = parsePath(path);
  const i = p[p.length - 1];
  if (typeof i !== 'number') return;
  const list = p.slice(0, -1);
  const len = (valueAt(editor.get().fd.json, list) as unknown[] | undefined)?.length ?? 0;
  const to = i + delta;
  if (to < 0 || to >= len) return;
  moveTo(path, { list: formatPath(list), index: delta > 0 ? to + 1 : to });
}

/**
 * Copies a step; returns it as YAML (a list of one step) for the system clipboard, so that it can be
 * pasted into another flow in another tab, or into a text.
 */
export function copy(path: string, verb: 'Copied' | 'Cut' = 'Copied'): string | null {
  const v = valueAt(shownDoc(editor.get()).json, parsePath(path));
  if (!isObject(v)) return null;
  clipboard = [JSON.parse(JSON.stringify(v)) as JsonObject];
  notify(`${verb} step '${String(v.id)}'.`);
  return stringify(clipboard);
}

/** The steps a text holds: YAML (or JSON) of one step or a list of steps, each with a `type`; else null. */
export function stepsIn(text: string): JsonObject[] | null {
  const r = readSteps(text);
  return 'steps' in r ? r.steps : null;
}

/** The steps a text holds, or why it holds none, in words for the one who pasted it. */
export function readSteps(text: string): { steps: JsonObject[] } | { problem: string } {
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch {
    return { problem: 'its text is not YAML or JSON' };
  }
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return { problem: 'it holds an empty list' };
  for (const [i, s] of list.entries()) {
    const which = Array.isArray(v) ? `item ${i + 1} of its list` : 'it';
    if (!isObject(s)) return { problem: `${which} is ${typeof s === 'string' ? 'plain text' : JSON.stringify(s)}, not a step` };
    if (typeof s.type !== 'string') {
      if (!Array.isArray(v) && Array.isArray(s.steps)) return { problem: 'it holds a whole flow; copy steps from its steps list instead' };
      return { problem: `${which} has ${s.type === undefined ? 'no type' : `type ${JSON.stringify(s.type)}, not a step kind's name`}` };
    }
  }
  return { steps: list as JsonObject[] };
}

/** How long a notice ("Saved as version 3.") stays once nobody holds it: enough to read a line or two. */
export const NOTICE_MS = 6000;
let noticeTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Shows a passing notice, gone after NOTICE_MS. Errors are set as `message` directly and stay until
 * dismissed: they ask for something to be done.
 */
export function notify(text: string): void {
  editor.set({ message: { kind: 'info', text } });
  holdNotice(false);
}

/** While a notice is hovered or focused (being read) it stays; let go, it goes NOTICE_MS later. */
export function holdNotice(held: boolean): void {
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = null;
  const shown = editor.get().message;
  if (held || shown?.kind !== 'info') return;
  noticeTimer = setTimeout(() => {
    // an error or a newer notice shown since is not this one's to take away
    if (editor.get().message === shown) editor.set({ message: null });
  }, NOTICE_MS);
}

export function cut(path: string): string | null {
  const text = copy(path, 'Cut');
  removeStep(path);
  return text;
}

/**
 * Pastes after the selected step (or at the end of the flow), with fresh ids: the steps `text` holds
 * (the system clipboard's: a step copied in another tab), else, when the clipboard held no text, the
 * last step copied here. Text that holds no step is said so, and does not paste an older copy: that
 * would insert a step nobody meant to paste now.
 */
export function paste(text?: string): void {
  const s = editor.get();
  let steps = clipboard;
  if (text !== undefined && text.trim() !== '') {
    const r = readSteps(text);
    if ('problem' in r) {
      notify(`The clipboard holds no step to paste: ${r.problem}.`);
      return;
    }
    steps = r.steps;
  }
  if (!steps) {
    notify('Nothing to paste: copy a step first (Ctrl+C).');
    return;
  }
  if (!guardParse()) return;
  let at: InsertPoint = { list: 'steps', index: (valueAt(s.fd.json, ['steps']) as unknown[] | undefined)?.length ?? 0 };
  if (s.selected && s.selected !== 'trigger') {
    const p = parsePath(s.selected);
    at = { list: formatPath(p.slice(0, -1)), index: (p[p.length - 1] as number) + 1 };
  }
  const used = stepIds(s.fd.json, s.kinds);
  const list = parsePath(at.list);
  const fresh = withFreshIdsAll(steps, s.kinds, used);
  const fd = fresh.reduce((d, step, i) => insertStep(d, list, at.index + i, step), s.fd);
  commit(fd, { select: formatPath([...list, at.index + steps.length - 1]) });
  showNewStep();
  // said, so that the notice of an earlier copy or of a refused paste does not stay as if nothing happened
  const names = fresh.map((step) => `'${String(step.id)}'`);
  notify(names.length === 1 ? `Pasted step ${names[0]}.` : `Pasted ${names.length} steps: ${names.join(', ')}.`);
}

/** A form field's edit: `undefined` removes the field; a new field is written where its form shows it. */
export function editField(path: Path, value: unknown): void {
  if (!guardParse()) return;
  const s = editor.get();
  commit(placeField(s, s.fd, path, value), { coalesce: formatPath(path) });
}

/** Several field edits as one change (one undo step): a trigger's new type and the fields it drops. */
export function editFields(edits: [Path, unknown][]): void {
  if (!guardParse()) return;
  const s = editor.get();
  commit(edits.reduce((fd, [path, value]) => placeField(s, fd, path, value), s.fd));
}

/**
 * Sets a field at its form's place among its map's keys; a group not written yet (a step's first
 * retry setting) is written whole, at its own place.
 */
function placeField(s: EditorState, fd: FlowDocument, path: Path, value: unknown): FlowDocument {
  let at = path.length;
  if (value !== undefined) while (at > 1 && valueAt(fd.json, path.slice(0, at - 1)) === undefined) at--;
  const rest = path.slice(at);
  if (rest.some((k) => typeof k !== 'string')) return setField(fd, path, value);
  const whole = rest.reduceRight<unknown>((v, k) => ({ [k]: v }), value);
  const target = path.slice(0, at);
  return setField(fd, target, whole, keyOrder(fd.json, target.slice(0, -1), s.kinds, s.flowSchema));
}

export function replaceDocument(fd: FlowDocument): void {
  commit(fd);
}

/** Saves a new version; a stale base version (412) is explained, not overwritten. */
export async function save(): Promise<boolean> {
  const s = editor.get();
  if (!s.flowId) return false;
  if (s.fd.parseError) {
    // said as the canvas's bar says it; the service would only answer the parser's words
    editor.set({ message: { kind: 'error', text: `Not saved. ${parseErrorText(s.fd.parseError)}` } });
    return false;
  }
  try {
    const r = await flowsApi.save(s.flowId, s.fd.text, s.baseVersion);
    const n = r.warnings?.length ?? 0;
    const warned = n ? ` with ${n} warning${n > 1 ? 's' : ''} (see Problems)` : '';
    editor.set({ baseVersion: r.version, savedText: s.fd.text });
    notify(`Saved as version ${r.version}${warned}.`);
    return true;
  } catch (e) {
    const err = e as ApiError;
    const text =
      err.status === 412
        ? `Someone saved a newer version of this flow since you opened version ${s.baseVersion}. Copy your changes (YAML view), reload the page, and apply them again.`
        : err.errors?.length
          ? `Not saved: ${err.errors.length} problem(s), e.g. ${problemLine(err.errors[0])}`
          : `Not saved: ${err.message}`;
    editor.set({ message: { kind: 'error', text } });
    return false;
  }
}

import type { StepTrace } from '../../api/executions';
import type { Problem } from '../../api/flows';
import { formatPath, pathToNode } from '../../model/paths';
import type { Json, StepKind } from '../../model/schema';
import { walkSteps } from '../../model/schema';

/**
 * What one step did in a run, as the canvas shows it. `CANCELLED` stands for an entry the engine
 * records as FAILED with the error code CANCELLED: the step was stopped, it did not go wrong.
 */
export interface StepRun {
  status: string;
  attempts: number;
  entries: StepTrace[];
}

/** A run's results placed on a document: per step path, and the run steps no step of the document is. */
export interface RunOverlay {
  byPath: Map<string, StepRun>;
  /** Run steps whose id (with its kind) is not in the document, in the order they ran. */
  unmatched: { stepId: string; kind: string; path: string; run: StepRun }[];
}

/** The status an entry is shown with: a step stopped by a cancel is cancelled, not failed. */
export function shownStatus(e: Pick<StepTrace, 'status' | 'error'>): string {
  return e.status === 'FAILED' && e.error?.code === 'CANCELLED' ? 'CANCELLED' : e.status;
}

const RANK: Record<string, number> = { SKIPPED: 0, SUCCEEDED: 1, RUNNING: 2, CANCELLED: 3, FAILED: 4 };

/** The status of a step from all its entries: a step that ran several times (retries, foreach) shows the worst of its latest. */
function summarise(entries: StepTrace[]): StepRun {
  let status = '';
  let attempts = 0;
  for (const e of entries) {
    const s = shownStatus(e);
    attempts = Math.max(attempts, e.attempt ?? 1);
    // a later attempt of the same iteration replaces the earlier one; otherwise keep the worst
    if (!status || (s === 'SUCCEEDED' && status === 'FAILED' && e.attempt > 1) || (RANK[s] ?? 0) >= (RANK[status] ?? 0)) status = s;
  }
  return { status, attempts, entries };
}

/**
 * Places a run's entries on the steps of a document by step identity: an entry belongs to the step
 * with its id and kind, wherever that step is now (moved, or the list around it changed), never to
 * whatever step sits at its old position. When two steps share the id (a document being edited),
 * the one at the entry's path wins. A step with no entry shows nothing; an entry with no step is
 * listed in `unmatched`.
 */
export function matchRun(trace: StepTrace[], doc: Json, kinds: Map<string, StepKind>): RunOverlay {
  const byId = new Map<string, { path: string; type: unknown }[]>();
  walkSteps(doc, kinds, (s, p) => {
    if (typeof s.id === 'string') byId.set(s.id, [...(byId.get(s.id) ?? []), { path: formatPath(p), type: s.type }]);
  });
  const matched = new Map<string, StepTrace[]>();
  const lost = new Map<string, StepTrace[]>();
  for (const t of trace) {
    const same = (byId.get(t.stepId) ?? []).filter((c) => c.type === t.kind);
    const at = same.find((c) => c.path === t.path) ?? (same.length === 1 ? same[0] : undefined);
    const [map, key] = at ? [matched, at.path] : [lost, `${t.stepId}\u0000${t.kind}\u0000${t.path}`];
    map.set(key, [...(map.get(key) ?? []), t]);
  }
  const byPath = new Map<string, StepRun>();
  for (const [p, entries] of matched) byPath.set(p, summarise(entries));
  const unmatched = [...lost.values()].map((entries) => ({ stepId: entries[0].stepId, kind: entries[0].kind, path: entries[0].path, run: summarise(entries) }));
  return { byPath, unmatched };
}

/** Problems grouped by the node they belong to ('trigger', a step path, or '' for the flow). */
export function problemsByNode(problems: Problem[], stepPaths: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    const node = pathToNode(p.path ?? '', stepPaths) ?? '';
    out.set(node, [...(out.get(node) ?? []), `${p.severity === 'warning' ? 'warning: ' : ''}${p.path}: ${p.message}`]);
  }
  return out;
}

/** The nodes holding at least one problem that is not a warning: only those are marked as wrong. */
export function nodesWithErrors(problems: Problem[], stepPaths: string[]): Set<string> {
  return new Set(problems.filter((p) => p.severity !== 'warning').map((p) => pathToNode(p.path ?? '', stepPaths) ?? ''));
}

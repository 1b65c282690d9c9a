import type { StepTrace } from '../../api/executions';
import type { Problem } from '../../api/flows';
import { pathToNode } from '../../model/paths';

/** Status per step path: a step that ran several times (retries, foreach) shows the worst of its latest. */
export function statusByPath(steps: StepTrace[]): Map<string, { status: string; attempts: number }> {
  const out = new Map<string, { status: string; attempts: number }>();
  const rank: Record<string, number> = { SKIPPED: 0, SUCCEEDED: 1, RUNNING: 2, FAILED: 3 };
  for (const s of steps) {
    const prev = out.get(s.path);
    const attempts = Math.max(prev?.attempts ?? 0, s.attempt ?? 1);
    if (!prev) {
      out.set(s.path, { status: s.status, attempts });
      continue;
    }
    // a later attempt of the same iteration replaces the earlier one; otherwise keep the worst
    const status = s.status === 'SUCCEEDED' && prev.status === 'FAILED' && s.attempt > 1 ? 'SUCCEEDED' : (rank[s.status] ?? 0) >= (rank[prev.status] ?? 0) ? s.status : prev.status;
    out.set(s.path, { status, attempts });
  }
  return out;
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

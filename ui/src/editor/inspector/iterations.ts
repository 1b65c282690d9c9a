import type { StepTrace } from '../../api/executions';
import { shownStatus } from '../canvas/overlay';

const positionsOf = (e: StepTrace): number[] => e.indexes ?? (e.index === undefined || e.index === null ? [] : [e.index]);

/**
 * Which foreach element an entry ran for, counted the way people count, with the 0-based index the
 * expressions see (`${index}`) beside it: "item 3 of 5 (index 2)"; in nested foreach steps, outermost
 * first: "item 3 of 5 › item 1 of 2 (indexes 2 › 0)". The "of n" comes from the foreach's own entry
 * (its `items`, the list's size) in the same run and is left out when the run does not tell it.
 */
export function itemLabel(entry: StepTrace, trace: StepTrace[]): string | null {
  const positions = positionsOf(entry);
  if (!positions.length) return null;
  // the foreach steps around this one, outermost first: a body step's path continues its foreach's
  const loopPaths = [...new Set(trace.filter((t) => t.kind === 'foreach' && entry.path.startsWith(`${t.path}.`)).map((t) => t.path))].sort((a, b) => a.length - b.length);
  // the innermost loops are the ones the positions end with, should the trace not show an outer one
  const loops = loopPaths.slice(-positions.length);
  const offset = positions.length - loops.length;
  const items = positions.map((p, depth) => {
    const loop = depth >= offset ? loops[depth - offset] : undefined;
    const outer = positions.slice(0, depth);
    // the latest attempt of this foreach in the element of the loops around it
    const run = loop ? trace.filter((t) => t.path === loop && sameList(positionsOf(t), outer)).pop() : undefined;
    // items: the list's size; runs recorded before it existed said it as iterations (now: those started)
    const of = run?.items ?? run?.iterations;
    return `item ${p + 1}${typeof of === 'number' ? ` of ${of}` : ''}`;
  });
  const where = positions.length === 1 ? `index ${positions[0]}` : `indexes ${positions.join(' › ')}`;
  return `${items.join(' › ')} (${where})`;
}

function sameList(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** How a step's runs ended, most first: "9 runs: 6 failed, 3 succeeded". */
export function runsSummary(entries: Pick<StepTrace, 'status' | 'error'>[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const s = shownStatus(e).toLowerCase();
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${n} ${s}`);
  return `${entries.length} runs: ${parts.join(', ')}`;
}

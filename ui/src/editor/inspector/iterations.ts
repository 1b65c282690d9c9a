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

/** The engine keeps a foreach's first iterations in full, after them only the attempts that failed and a retry that succeeded after them (docs/api.md). */
export const ITERATIONS_KEPT = 100;

/**
 * How a step's runs ended, most first. Inside a foreach it counts items by how their last attempt ended
 * (an item that succeeded on its third attempt succeeded), and says the attempts beside when retries made
 * more: "8 items: 8 succeeded (11 attempts)". Elsewhere it counts attempts: "3 attempts: 2 failed, 1
 * succeeded". Beyond the iterations the trace keeps, the items it does not show (those that did not fail)
 * are counted from the foreach's own entry and said to be left out, so that a foreach of 300 does not
 * read as one of 101.
 */
export function runsSummary(entries: StepTrace[], trace: StepTrace[] = entries): string {
  const last = new Map<string, StepTrace>();
  for (const e of entries) last.set(positionsOf(e).join(','), e);
  const byItem = entries.some((e) => positionsOf(e).length > 0);
  const ended = byItem ? [...last.values()] : entries;
  const counts = new Map<string, number>();
  for (const e of ended) {
    const s = shownStatus(e).toLowerCase();
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${n} ${s}`);
  if (!byItem) return `${entries.length} attempt${entries.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
  const unseen = unseenItems(entries, trace, ended.length);
  const items = ended.length + unseen;
  const attempts = entries.length > ended.length ? ` (${entries.length} attempts)` : '';
  if (!unseen) return `${items} item${items === 1 ? '' : 's'}: ${parts.join(', ')}${attempts}`;
  return (
    `${items} items: ${parts.join(', ')}, ${unseen} more not shown${attempts} — ` +
    `the run keeps the first ${ITERATIONS_KEPT} items and the failed attempts; the ${unseen} not shown did not fail`
  );
}

/** Items of the foreach around a body step that started but left no entry here (beyond the ones kept); 0 when unknown (nested loops). */
function unseenItems(entries: StepTrace[], trace: StepTrace[], shown: number): number {
  if (!entries.every((e) => positionsOf(e).length === 1)) return 0;
  const path = entries[0].path;
  const loop = trace.filter((t) => t.kind === 'foreach' && path.startsWith(`${t.path}.`)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!loop) return 0;
  const run = trace.filter((t) => t.path === loop.path).pop();
  const started = run?.iterations;
  if (typeof started !== 'number' || started <= ITERATIONS_KEPT) return 0;
  return Math.max(0, started - shown);
}

import type { CanvasNode } from './types';

export interface Measured {
  width: number;
  height: number;
}

export interface Given {
  /** The node as computed from the document. */
  basis: CanvasNode;
  /** The object React Flow was given for it. */
  node: CanvasNode;
}

/**
 * The nodes to give React Flow. A node object React Flow has not seen has lost its measured size and its handles
 * for React Flow, which then drops the node's edges until it has measured the node again: the edges, with their
 * "+" buttons, were made anew on every edit, selection or validation answer, and a focused "+" lost the focus.
 * So a node that did not change is the object given before, and a changed one carries the size React Flow
 * measured for it (which keeps its handles), when that is still the size of the layout.
 * Before the first measure there is none to carry: the canvas fits the view once React Flow has measured the nodes
 * (see initialFit), and keeps the flow hidden until then.
 * `previous` is updated to the nodes returned.
 */
export function stableNodes(fresh: CanvasNode[], previous: Map<string, Given>, measured: ReadonlyMap<string, Measured>): CanvasNode[] {
  const given = fresh.map((basis): Given => {
    const before = previous.get(basis.id);
    if (before && sameValue(before.basis, basis)) return before;
    const size = measured.get(basis.id);
    return { basis, node: size && size.width === basis.width && size.height === basis.height ? { ...basis, measured: size } : basis };
  });
  previous.clear();
  for (const g of given) previous.set(g.basis.id, g);
  return given.map((g) => g.node);
}

/** Deep equality of the plain values a node is made of (objects, arrays, strings, numbers, booleans). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

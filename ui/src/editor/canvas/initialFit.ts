import { getNodesBounds, getViewportForBounds, type InternalNode, type Viewport } from '@xyflow/react';

/** How an opened flow is fitted: never zoomed in past 1, never out past 0.4. */
export const FIT = { minZoom: 0.4, maxZoom: 1, padding: 0.1 };

/** A long flow (more than this many nodes, groups aside) opens at its top: its first 8 nodes are fitted. */
const LONG = 24;

export interface FitState {
  nodeLookup: Map<string, InternalNode>;
  /** The pane's size, 0 until React Flow has measured it. */
  width: number;
  height: number;
}

/**
 * The viewport that fits the flow the canvas opened, or null while React Flow has not measured the pane or a node
 * to fit. All nodes of a short flow (their groups too); the first nodes of a long one, so it opens at its top (on a
 * long flow only the nodes on screen are drawn, `onlyRenderVisibleElements`, but React Flow draws and measures
 * every node once before that).
 */
export function initialViewport({ nodeLookup, width, height }: FitState): Viewport | null {
  if (!width || !height || nodeLookup.size === 0) return null;
  const all = [...nodeLookup.values()];
  const drawn = all.filter((n) => n.type !== 'group');
  const fitted = drawn.length > LONG ? drawn.slice(0, 8) : all;
  if (fitted.some((n) => !n.measured.width || !n.measured.height)) return null;
  return getViewportForBounds(getNodesBounds(fitted, { nodeLookup }), width, height, FIT.minZoom, FIT.maxZoom, FIT.padding);
}

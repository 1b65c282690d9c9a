import type { InternalNode } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { initialViewport } from './initialFit';

const node = (id: string, y: number, measured = true, type = 'step', height = 60): InternalNode =>
  ({
    id,
    type,
    position: { x: 0, y },
    data: {},
    measured: measured ? { width: 200, height } : { width: undefined, height: undefined },
    internals: { positionAbsolute: { x: 0, y }, z: 0, userNode: { id, position: { x: 0, y }, data: {} } },
  }) as InternalNode;
const lookup = (nodes: InternalNode[]) => new Map(nodes.map((n) => [n.id, n]));

describe('initialViewport', () => {
  it('waits for the pane and every node to fit to be measured', () => {
    expect(initialViewport({ nodeLookup: lookup([node('a', 0)]), width: 0, height: 0 })).toBeNull();
    expect(initialViewport({ nodeLookup: new Map(), width: 800, height: 600 })).toBeNull();
    expect(initialViewport({ nodeLookup: lookup([node('a', 0), node('b', 100, false)]), width: 800, height: 600 })).toBeNull();
  });

  it('fits a short flow whole, its groups too, never zoomed in past 1', () => {
    const v = initialViewport({ nodeLookup: lookup([node('g', 0, true, 'group', 300), node('a', 10), node('b', 100)]), width: 800, height: 600 });
    expect(v).toEqual({ x: 300, y: 150, zoom: 1 }); // 200 x 300 in the middle of 800 x 600
  });

  it('opens a long flow at its top: its first 8 nodes (groups aside) are fitted, the others need not be measured yet', () => {
    const nodes = [node('g', 0, true, 'group', 4000), ...Array.from({ length: 30 }, (_, i) => node(`n${i}`, i * 100, i < 8))];
    const v = initialViewport({ nodeLookup: lookup(nodes), width: 800, height: 600 });
    expect(v).toEqual(initialViewport({ nodeLookup: lookup(nodes.slice(1, 9)), width: 800, height: 600 }));
    expect(v!.zoom).toBeLessThan(1); // 8 nodes 760 high do not fit 600 at 1
    expect(v!.zoom).toBeGreaterThan(0.4);
  });
});

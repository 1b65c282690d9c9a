import { describe, expect, it } from 'vitest';
import { type Given, type Measured, stableNodes } from './stableNodes';
import type { CanvasNode } from './types';

const step = (id: string, label: string, problems?: string[]): CanvasNode => ({
  id,
  type: 'step',
  position: { x: 0, y: 0 },
  width: 220,
  height: 60,
  data: { label, kind: 'delay', path: id, insert: { list: 'steps', index: 1 }, problems },
});

describe('stableNodes', () => {
  it('gives the same object for a node whose values did not change, though computed anew', () => {
    const previous = new Map<string, Given>();
    const first = stableNodes([step('a', 'A', ['x']), step('b', 'B')], previous, new Map());
    const second = stableNodes([step('a', 'A', ['x']), step('b', 'B2')], previous, new Map());
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1].data.label).toBe('B2');
  });

  it("gives a changed node the size React Flow measured, so it keeps its handles, unless the layout's size differs", () => {
    const previous = new Map<string, Given>();
    const measured = new Map<string, Measured>();
    expect(stableNodes([step('a', 'A')], previous, measured)[0].measured).toBeUndefined(); // not measured yet
    measured.set('a', { width: 220, height: 60 });
    expect(stableNodes([step('a', 'A2')], previous, measured)[0].measured).toEqual({ width: 220, height: 60 });
    measured.set('a', { width: 200, height: 60 });
    expect(stableNodes([step('a', 'A3')], previous, measured)[0].measured).toBeUndefined();
  });
});

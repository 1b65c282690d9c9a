import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGraph } from './graph';
import { kinds } from './fixtures/kinds';

const nested = parse(`
id: nested
trigger: { type: webhook, path: orders }
steps:
  - { id: a, type: transform, script: "return input" }
  - id: route
    type: choice
    when:
      - if: "\${input.big}"
        steps:
          - { id: big, type: delay, duration: 1s }
    otherwise: []
  - id: each
    type: foreach
    items: "\${input.items}"
    steps:
      - id: both
        type: parallel
        branches:
          erp: [ { id: e, type: transform, script: "return 1" } ]
          wms: []
  - id: guarded
    type: try
    steps: [ { id: t1, type: transform, script: "return 1" } ]
    catch: [ { id: c1, type: transform, script: "return 2" } ]
`);

describe('document → graph', () => {
  const g = buildGraph(nested, kinds);
  const ids = g.nodes.map((n) => n.id);

  it('draws every step, nested ones included, with its document path as id', () => {
    expect(g.stepPaths).toEqual([
      'steps[0]', 'steps[1]', 'steps[1].when[0].steps[0]', 'steps[2]', 'steps[2].steps[0]',
      'steps[2].steps[0].branches.erp[0]', 'steps[3]', 'steps[3].steps[0]', 'steps[3].catch[0]',
    ]);
    expect(ids).toContain('trigger');
    expect(ids).toContain('end');
  });

  it('groups control steps, found through x-steps, and marks empty branches', () => {
    expect(g.nodes.filter((n) => n.type === 'group').map((n) => n.id)).toEqual([
      'steps[1]#group', 'steps[2]#group', 'steps[2].steps[0]#group', 'steps[3]#group',
    ]);
    expect(ids).toContain('steps[1].otherwise#empty');
    expect(ids).toContain('steps[2].steps[0].branches.wms#empty');
    expect(ids).toContain('steps[1]#join');
  });

  it('labels branch edges and knows where an edge inserts', () => {
    const toBig = g.edges.find((e) => e.target === 'steps[1].when[0].steps[0]');
    expect(toBig?.label).toBe('when 1: ${input.big}');
    expect(toBig?.data.insert).toEqual({ list: 'steps[1].when[0].steps', index: 0, where: 'at the start of when 1 of route' });
    const afterChoice = g.edges.find((e) => e.source === 'steps[1]#join');
    expect(afterChoice?.target).toBe('steps[2]');
    expect(afterChoice?.data.insert).toEqual({ list: 'steps', index: 2, where: 'after route' });
    expect(g.edges.find((e) => e.target === 'steps[3].catch[0]')?.label).toBe('catch');
    expect(g.edges.find((e) => e.target === 'end')?.data.insert).toEqual({ list: 'steps', index: 4, where: 'at the end of the flow' });
  });

  it('says where each + inserts in words, for those who do not see the canvas', () => {
    const where = g.edges.flatMap((e) => (e.data.insert?.where ? [e.data.insert.where] : []));
    expect(where).toEqual(expect.arrayContaining(['at the start of the flow', 'after a', 'at the end of when 1 of route', 'at the start of catch of guarded', 'after each']));
    expect(g.nodes.find((n) => n.id === 'steps[2].steps[0].branches.wms#empty')?.data.insert?.where).toBe('into the empty wms of both');
    expect(g.nodes.find((n) => n.id === 'steps[1].otherwise#empty')?.data.insert?.where).toBe('into the empty otherwise of route');
    expect(buildGraph({ id: 'x', steps: [] }, kinds).edges[0].data.insert?.where).toBe('into the empty flow');
  });

  it('lists the edges, and so their + buttons in Tab order, top to bottom as drawn', () => {
    const centre = new Map(g.nodes.map((n) => [n.id, n.position.y + n.height / 2]));
    const middles = g.edges.map((e) => (centre.get(e.source)! + centre.get(e.target)!) / 2);
    expect(middles).toEqual([...middles].sort((a, b) => a - b));
    expect(g.edges[0].source).toBe('trigger');
    expect(g.edges.at(-1)?.target).toBe('end');
  });

  it('lays nodes out without overlaps', () => {
    const boxes = g.nodes.filter((n) => n.type !== 'group');
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b) continue;
        const overlap = a.position.x < b.position.x + b.width && b.position.x < a.position.x + a.width
          && a.position.y < b.position.y + b.height && b.position.y < a.position.y + a.height;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
  });

  it('draws an empty flow as trigger → end', () => {
    const e = buildGraph({ id: 'x', trigger: { type: 'manual' }, steps: [] }, kinds);
    expect(e.edges.map((x) => x.id)).toEqual(['trigger->end']);
  });
});

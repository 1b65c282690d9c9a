import type { Path } from './paths';
import { formatPath } from './paths';
import type { Json, JsonObject, StepKind } from './schema';
import { branchesOf, isObject } from './schema';

export const NODE_W = 220;
export const NODE_H = 60;
const GAP_Y = 48;
const GAP_X = 40;
const JOIN = 16;
const PAD = 16;

export type NodeKind = 'trigger' | 'step' | 'join' | 'end' | 'empty' | 'group';

/** Serialisable data of one canvas node. */
export interface GraphNodeData {
  [key: string]: unknown;
  label: string;
  /** The step kind (`type`), or the trigger type. */
  kind: string;
  /** The document path of the step, `steps[2].when[0].steps[0]`. */
  path?: string;
  /** Set on control steps: how many branches they hold. */
  branches?: number;
  /** Where a step dropped on this node goes (after the step, or into the empty branch). */
  insert?: InsertPoint;
}

export interface GraphNode {
  id: string;
  type: NodeKind;
  position: { x: number; y: number };
  width: number;
  height: number;
  data: GraphNodeData;
}

/** Where an inserted step goes: into the list at `list` (a formatted path) before `index`. */
export interface InsertPoint {
  list: string;
  index: number;
  /** The place in words, for those who do not see the canvas: `after fetch`, `into the empty catch of guard`. */
  where?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  data: { insert?: InsertPoint; label?: string };
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Every step path on the canvas, for mapping problems and executions onto nodes. */
  stepPaths: string[];
}

interface Block {
  width: number;
  height: number;
  entry: string;
  exit: string;
  place(cx: number, y: number): void;
}

/**
 * Turns the flow document into canvas nodes and edges, laid out top-down: a sequence is a column,
 * a control step's branches (found through `x-steps`) stand side by side between the step and a join.
 * Node ids are document paths, so the graph is a pure function of the document.
 */
export function buildGraph(doc: Json, kinds: Map<string, StepKind>): Graph {
  const nodes: GraphNode[] = [];
  const groups: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const stepPaths: string[] = [];
  const root: JsonObject = isObject(doc) ? doc : {};

  const labelOf = (step: Json): string => (isObject(step) ? (typeof step.name === 'string' && step.name ? step.name : typeof step.id === 'string' ? step.id : '(no id)') : '(no id)');
  const edge = (source: string, target: string, insert?: InsertPoint, label?: string) =>
    edges.push({ id: `${source}->${target}`, source, target, label, data: { insert, label } });

  const leaf = (id: string, type: NodeKind, w: number, h: number, data: GraphNodeData): Block => ({
    width: w,
    height: h,
    entry: id,
    exit: id,
    place(cx, y) {
      nodes.push({ id, type, position: { x: cx - w / 2, y }, width: w, height: h, data });
    },
  });

  const stepBlock = (step: JsonObject, path: Path): Block => {
    const id = formatPath(path);
    stepPaths.push(id);
    const kindName = typeof step.type === 'string' ? step.type : '?';
    const kind = kinds.get(kindName);
    const label = labelOf(step);
    const listPath = formatPath(path.slice(0, -1));
    const after: InsertPoint = { list: listPath, index: (path[path.length - 1] as number) + 1, where: `after ${label}` };
    const branches = branchesOf(step, kind?.schema);
    const head = leaf(id, 'step', NODE_W, NODE_H, { label, kind: kindName, path: id, insert: after, branches: kind && branches.length ? branches.length : undefined });
    const hasSlots = kind ? branchesOf(step, kind.schema).length > 0 || Object.values(kind.schema.properties ?? {}).some((p) => p['x-steps']) : false;
    if (!hasSlots) return head;

    const joinId = `${id}#join`;
    const lanes = branches.map((b) => {
      const bPath = [...path, ...b.path];
      const lp = formatPath(bPath);
      // a choice's branch by its number, not its condition
      const of = `${b.label.replace(/:.*$/s, '')} of ${label}`;
      const list = b.steps.length
        ? listBlock(b.steps, bPath)
        : leaf(`${lp}#empty`, 'empty', NODE_W, 36, { label: 'empty: drop a step or click +', kind: 'empty', insert: { list: lp, index: 0, where: `into the empty ${of}` } });
      return { b, lp, list, of };
    });
    const lanesW = lanes.reduce((s, l) => s + l.list.width, 0) + GAP_X * Math.max(0, lanes.length - 1);
    const lanesH = lanes.reduce((m, l) => Math.max(m, l.list.height), 0);
    const width = Math.max(NODE_W, lanesW) + 2 * PAD;
    const height = NODE_H + (lanes.length ? GAP_Y + lanesH : 0) + GAP_Y + JOIN + 2 * PAD;

    edgesLater.push(() => {
      if (!lanes.length) edge(id, joinId);
      for (const l of lanes) {
        const isEmpty = l.b.steps.length === 0;
        edge(id, l.list.entry, isEmpty ? undefined : { list: l.lp, index: 0, where: `at the start of ${l.of}` }, l.b.label);
        edge(l.list.exit, joinId, isEmpty ? undefined : { list: l.lp, index: l.b.steps.length, where: `at the end of ${l.of}` });
      }
    });
    return {
      width,
      height,
      entry: id,
      exit: joinId,
      place(cx, y) {
        groups.push({
          id: `${id}#group`,
          type: 'group',
          position: { x: cx - width / 2, y },
          width,
          height,
          data: { label: kind?.title ?? kindName, kind: kindName, path: id },
        });
        head.place(cx, y + PAD);
        let x = cx - lanesW / 2;
        const ly = y + PAD + NODE_H + GAP_Y;
        for (const l of lanes) {
          l.list.place(x + l.list.width / 2, ly);
          x += l.list.width + GAP_X;
        }
        nodes.push({
          id: joinId,
          type: 'join',
          position: { x: cx - JOIN / 2, y: y + height - PAD - JOIN },
          width: JOIN,
          height: JOIN,
          data: { label: '', kind: 'join', insert: after },
        });
      },
    };
  };

  const edgesLater: (() => void)[] = [];

  const listBlock = (steps: Json[], listPath: Path): Block => {
    const blocks: Block[] = [];
    steps.forEach((s, i) => {
      if (isObject(s)) blocks.push(stepBlock(s, [...listPath, i]));
    });
    const lp = formatPath(listPath);
    for (let i = 1; i < blocks.length; i++) {
      const a = blocks[i - 1];
      const b = blocks[i];
      edgesLater.push(() => edge(a.exit, b.entry, { list: lp, index: i, where: `after ${labelOf(steps[i - 1])}` }));
    }
    const width = blocks.reduce((m, b) => Math.max(m, b.width), NODE_W);
    const height = blocks.reduce((s, b) => s + b.height, 0) + GAP_Y * Math.max(0, blocks.length - 1);
    return {
      width,
      height,
      entry: blocks[0]?.entry ?? '',
      exit: blocks[blocks.length - 1]?.exit ?? '',
      place(cx, y) {
        let cy = y;
        for (const b of blocks) {
          b.place(cx, cy);
          cy += b.height + GAP_Y;
        }
      },
    };
  };

  const trigger = isObject(root.trigger) ? root.trigger : {};
  const triggerType = typeof trigger.type === 'string' ? trigger.type : 'manual';
  const steps = Array.isArray(root.steps) ? root.steps : [];
  const main = listBlock(steps, ['steps']);
  const width = Math.max(NODE_W, main.width);
  const cx = width / 2;
  const tLabel = triggerType === 'webhook' && typeof trigger.path === 'string' ? `webhook /hooks/${trigger.path}` : triggerType === 'schedule' && typeof trigger.cron === 'string' ? `schedule ${trigger.cron}` : triggerType;
  const start: InsertPoint = { list: 'steps', index: 0, where: steps.length ? 'at the start of the flow' : 'into the empty flow' };
  const finish: InsertPoint = { list: 'steps', index: steps.length, where: 'at the end of the flow' };
  nodes.push({ id: 'trigger', type: 'trigger', position: { x: cx - NODE_W / 2, y: 0 }, width: NODE_W, height: NODE_H, data: { label: tLabel, kind: triggerType, insert: start } });
  main.place(cx, NODE_H + GAP_Y);
  const endY = NODE_H + GAP_Y + (steps.length ? main.height + GAP_Y : 0);
  nodes.push({ id: 'end', type: 'end', position: { x: cx - 40, y: endY }, width: 80, height: 32, data: { label: 'end', kind: 'end', insert: finish } });
  for (const f of edgesLater) f();
  if (steps.length) {
    edge('trigger', main.entry, start);
    edge(main.exit, 'end', finish);
  } else {
    edge('trigger', 'end', start);
  }
  return { nodes: [...groups, ...nodes], edges: inPictureOrder(edges, nodes), stepPaths };
}

/**
 * The edges top to bottom, then left to right, by their middle: their "+" buttons are reached with Tab in this order
 * (React Flow puts them in the page in the order of its edges), which was branches first, then the main path.
 */
function inPictureOrder(edges: GraphEdge[], nodes: GraphNode[]): GraphEdge[] {
  const centre = new Map(nodes.map((n) => [n.id, { x: n.position.x + n.width / 2, y: n.position.y + n.height / 2 }]));
  const middle = (e: GraphEdge) => {
    const a = centre.get(e.source) ?? { x: 0, y: 0 };
    const b = centre.get(e.target) ?? a;
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };
  const at = new Map(edges.map((e) => [e, middle(e)]));
  return [...edges].sort((e, f) => at.get(e)!.y - at.get(f)!.y || at.get(e)!.x - at.get(f)!.x);
}

import { Background, ControlButton, Controls, MiniMap, type NodeChange, ReactFlow, ReactFlowProvider, useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Problem } from '../../api/flows';
import { useStore } from '../../app/store';
import { parseErrorText } from '../../model/document';
import { buildGraph } from '../../model/graph';
import { editor, showLine, shownDoc } from '../editorStore';
import { focusWhenPresent } from '../focusWhenPresent';
import { dragOver, dropAt } from './dnd';
import { initialViewport } from './initialFit';
import { edgeTypes, nodeTypes } from './nodeTypes';
import { nodesWithErrors, problemsByNode } from './overlay';
import { type Measured, stableNodes } from './stableNodes';
import { useRunOverlay } from './useRunOverlay';
import type { CanvasEdge, CanvasNode } from './types';

const NO_PROBLEMS: Problem[] = [];

function FlowCanvas() {
  const json = useStore(editor, (s) => shownDoc(s).json);
  const readOnly = useStore(editor, (s) => s.runView !== null);
  const kinds = useStore(editor, (s) => s.kinds);
  const selected = useStore(editor, (s) => s.selected);
  // the problems are the edited document's: a run view shows another version
  const problems = useStore(editor, (s) => (s.runView ? NO_PROBLEMS : s.problems));
  const run = useRunOverlay();

  const graph = useMemo(() => buildGraph(json, kinds), [json, kinds]);
  const problemMap = useMemo(() => problemsByNode(problems, graph.stepPaths), [problems, graph]);
  const errorNodes = useMemo(() => nodesWithErrors(problems, graph.stepPaths), [problems, graph]);

  // React Flow's measured size of each node, given back with the node (see stableNodes)
  const measured = useRef(new Map<string, Measured>());
  const previous = useRef(new Map<string, { basis: CanvasNode; node: CanvasNode }>());
  const onNodesChange = (changes: NodeChange<CanvasNode>[]) => {
    for (const c of changes) if (c.type === 'dimensions' && c.dimensions) measured.current.set(c.id, c.dimensions);
  };

  const nodes: CanvasNode[] = useMemo(() => {
    const fresh = graph.nodes.map((n): CanvasNode => {
      const st = n.data.path ? run.byPath.get(n.data.path) : undefined;
      const kind = kinds.get(n.data.kind);
      const key = n.type === 'group' ? '\u0000' : n.id;
      const problems = problemMap.get(key);
      return {
        id: n.id,
        type: n.type,
        position: n.position,
        width: n.width,
        height: n.height,
        style: n.type === 'group' ? { width: n.width, height: n.height } : undefined,
        zIndex: n.type === 'group' ? -1 : undefined,
        selectable: n.type === 'step' || n.type === 'trigger',
        draggable: false,
        connectable: false,
        // the node is the keyboard's stop (Tab, then Enter selects it), named as its button is
        focusable: n.type === 'step' || n.type === 'trigger',
        ariaLabel: n.type === 'step' ? stepLabel(n.data.label, n.data.kind, st?.status, problems?.length ?? 0, problemMap.has(key) && !errorNodes.has(key)) : n.type === 'trigger' ? `Trigger: ${n.data.label}` : undefined,
        selected: n.id === selected,
        data: {
          ...n.data,
          title: kind?.title,
          category: kind?.category,
          status: st?.status,
          attempts: st?.attempts,
          problems,
          warningsOnly: problemMap.has(key) && !errorNodes.has(key),
          readOnly,
        },
      };
    });
    return stableNodes(fresh, previous.current, measured.current);
  }, [graph, run, problemMap, errorNodes, selected, kinds, readOnly]);
  const edges: CanvasEdge[] = useMemo(() => graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, type: 'insert', data: readOnly ? { label: e.data.label } : e.data, selectable: false, focusable: false })), [graph, readOnly]);

  // bring a node into view when asked (a step added at the bottom, a problem clicked), unless it is in view already
  const reveal = useStore(editor, (s) => s.reveal);
  const flow = useReactFlow();
  // the pane's size is read when needed, not subscribed to, so the canvas does not re-render while
  // React Flow measures the pane and the nodes on opening
  const flowStore = useStoreApi();

  // Fit once, when the canvas opens a flow (it is mounted per flow), not on every edit; a long flow opens at its top
  // (see initialFit). The flow is hidden until then (the class unfitted), so it never shows at a place it then leaves
  // (a step jumping away from a click). The canvas fits it itself, as soon as React Flow has measured the nodes to
  // fit (in the same task): with React Flow's fitView prop, whose fit lands asynchronously, a step it had measured
  // could show a frame before the fit when the canvas kept its node objects (53ded64), as it does (see stableNodes).
  const canvasEl = useRef<HTMLDivElement>(null);
  const [fitted, setFitted] = useState(false);
  useEffect(() => {
    let done = false;
    const attempt = () => {
      if (done) return;
      const viewport = initialViewport(flowStore.getState());
      if (!viewport) return;
      done = true;
      unsubscribe();
      // without a duration React Flow moves the viewport before the promise is made
      void flow.setViewport(viewport);
      canvasEl.current?.classList.remove('unfitted');
      setFitted(true);
    };
    const unsubscribe = flowStore.subscribe(attempt);
    attempt();
    return () => {
      done = true;
      unsubscribe();
    };
    // once per canvas: it is mounted per flow
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const bringIntoView = (id: string, duration: number) => {
    const { width: paneW, height: paneH } = flowStore.getState();
    const n = graph.nodes.find((g) => g.id === id);
    if (!n || !paneW) return;
    const { x, y, zoom } = flow.getViewport();
    const margin = 24;
    const left = n.position.x * zoom + x;
    const top = n.position.y * zoom + y;
    const inView = left >= margin && top >= margin && left + n.width * zoom <= paneW - margin && top + n.height * zoom <= paneH - margin;
    if (!inView) void flow.setCenter(n.position.x + n.width / 2, n.position.y + n.height / 2, { zoom: Math.max(zoom, 0.6), duration });
  };
  useEffect(() => {
    if (reveal) bringIntoView(reveal.node, 200);
    // only a new request moves the canvas, not every edit after it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal]);

  const [overview, setOverview] = useState(() => localStorage.getItem('flows.minimap') !== 'off');
  const toggleOverview = () => {
    localStorage.setItem('flows.minimap', overview ? 'off' : 'on');
    setOverview(!overview);
  };

  // Enter or Space on a focused node selects it, as a click does (React Flow's own selection is not the editor's)
  // ↓ / ↑ on a focused node go to the next / previous step in the document, also to one that is not
  // rendered yet (onlyRenderVisibleElements): the canvas moves to it at once, and it takes the focus once drawn
  const onKeyDown = (e: React.KeyboardEvent) => {
    const el = e.target as HTMLElement;
    if (!el.classList.contains('react-flow__node') || !el.dataset.id) return;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      const next = nextStop(['trigger', ...graph.stepPaths], el.dataset.id, e.key === 'ArrowDown' ? 1 : -1);
      if (!next) return;
      e.preventDefault();
      bringIntoView(next, 0);
      focusWhenPresent(`.react-flow__node[data-id="${CSS.escape(next)}"]`);
      return;
    }
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const n = graph.nodes.find((g) => g.id === el.dataset.id);
    if (n?.type !== 'step' && n?.type !== 'trigger') return;
    e.preventDefault();
    editor.set({ selected: n.id, panel: 'inspector' });
  };

  const end = (json as { steps?: unknown[] } | null)?.steps?.length ?? 0;
  const parseError = useStore(editor, (s) => (s.runView ? null : s.fd.parseError));
  return (
    <div ref={canvasEl} className={fitted ? 'canvas' : 'canvas unfitted'} onKeyDown={onKeyDown} onDragOver={dragOver} onDrop={(e) => dropAt(e, { list: 'steps', index: end })} aria-label="Flow canvas" role="region">
      {parseError && (
        // said before an edit is tried and refused: the canvas looks as editable as ever otherwise
        <div className="parse-banner" role="alert">
          <span>
            {parseErrorText(parseError)}. The canvas shows the last version that did and cannot be changed until the YAML is fixed.
          </span>
          <button type="button" onClick={() => showLine(parseError.line)}>
            Fix it in the YAML view
          </button>
        </div>
      )}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        deleteKeyCode={null}
        onNodeClick={(_, n) => (n.type === 'step' || n.type === 'trigger') && editor.set({ selected: n.id, panel: 'inspector' })}
        onPaneClick={() => editor.set({ selected: null })}
        onlyRenderVisibleElements
        minZoom={0.1}
        maxZoom={1.5}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false}>
          <ControlButton onClick={toggleOverview} title={overview ? 'Hide the overview' : 'Show the overview'} aria-label={overview ? 'Hide the overview' : 'Show the overview'} aria-pressed={overview}>
            ▦
          </ControlButton>
        </Controls>
        {overview && <MiniMap pannable zoomable ariaLabel="Overview of the flow" style={{ width: 120, height: 90 }} />}
      </ReactFlow>
    </div>
  );
}

/** The node after (or before) `id` in keyboard order, if any. */
function nextStop(order: string[], id: string, delta: 1 | -1): string | undefined {
  const i = order.indexOf(id);
  return i < 0 ? undefined : order[i + delta];
}

function stepLabel(label: string, kind: string, status: string | undefined, problems: number, warningsOnly: boolean): string {
  const parts = [`Step ${label} (${kind})`];
  if (status) parts.push(status.toLowerCase());
  if (problems) parts.push(`${problems} ${warningsOnly ? 'warning' : 'problem'}(s)`);
  return parts.join(', ');
}

export default function Canvas() {
  return (
    <ReactFlowProvider>
      <FlowCanvas />
    </ReactFlowProvider>
  );
}

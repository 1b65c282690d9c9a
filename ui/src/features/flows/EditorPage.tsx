import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { catalogApi } from '../../api/catalog';
import { flowsApi } from '../../api/flows';
import type { ApiError } from '../../api/http';
import { flowUrl, navigate, setLeaveGuard } from '../../app/router';
import { useStore } from '../../app/store';
import Canvas from '../../editor/canvas/Canvas';
import type { SidePanel } from '../../editor/editorStore';
import { editor, holdNotice, isDirty, openDocument, redo, save, undo } from '../../editor/editorStore';
import Inspector from '../../editor/inspector/Inspector';
import InsertMenu from '../../editor/palette/InsertMenu';
import Palette from '../../editor/palette/Palette';
import ProblemsPanel from '../../editor/ProblemsPanel';
import ExecutionsPanel from '../executions/ExecutionsPanel';
import RunPanel from '../executions/RunPanel';
import { useExecutionWatch } from '../executions/useExecutionWatch';
import { useShortcuts } from './useShortcuts';
import { useValidation } from './useValidation';
import VersionsPanel from './VersionsPanel';

const YamlView = lazy(() => import('../../editor/source/YamlView'));

const PANELS: [SidePanel, string][] = [
  ['inspector', 'Inspector'],
  ['run', 'Run'],
  ['executions', 'Executions'],
  ['versions', 'Versions'],
];

export default function EditorPage({ flowId, execId }: { flowId: string; execId?: string }) {
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loaded = useStore(editor, (s) => s.flowId === flowId && s.kinds.size > 0);
  const text = useStore(editor, (s) => s.fd.text);
  const dirty = useStore(editor, isDirty);
  const view = useStore(editor, (s) => s.view);
  const panel = useStore(editor, (s) => s.panel);
  const message = useStore(editor, (s) => s.message);
  const version = useStore(editor, (s) => s.baseVersion);
  const canUndo = useStore(editor, (s) => s.undo.length > 0);
  const canRedo = useStore(editor, (s) => s.redo.length > 0);
  const name = useStore(editor, (s) => (s.fd.json as { name?: string } | null)?.name);
  const runView = useStore(editor, (s) => s.runView?.version ?? null);
  const selected = useStore(editor, (s) => s.selected);
  const sideBody = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // a flow just made with New flow: the focus was on its form, gone with it; the flow's name is where it goes on
  useEffect(() => {
    if (!loaded || (history.state as { created?: string } | null)?.created !== flowId) return;
    heading.current?.focus();
    history.replaceState(null, ''); // once: not again on a reload
  }, [loaded, flowId]);
  // another step's form starts at its top (its id and kind), not where the last form was scrolled to
  useEffect(() => {
    sideBody.current?.scrollTo({ top: 0 });
  }, [selected, panel]);

  useEffect(() => {
    let stale = false;
    editor.set({ flowId: null });
    Promise.all([catalogApi.steps(), catalogApi.flowSchema(), flowsApi.source(flowId)]).then(
      ([steps, schema, src]) => {
        if (stale) return;
        editor.set({ kinds: new Map(steps.map((k) => [k.kind, k])), flowSchema: schema });
        openDocument(flowId, src.text, src.version);
        setLoadError(null);
      },
      (e: ApiError) => !stale && setLoadError(e),
    );
    return () => {
      stale = true;
    };
  }, [flowId, attempt]);

  useEffect(() => {
    setLeaveGuard(() => !isDirty(editor.get()) || window.confirm('This flow has unsaved changes. Leave and lose them?'));
    const before = (e: BeforeUnloadEvent) => {
      if (isDirty(editor.get())) e.preventDefault();
    };
    window.addEventListener('beforeunload', before);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', before);
    };
  }, []);

  useShortcuts();
  useValidation(text, loaded);
  useExecutionWatch(loaded ? execId : undefined);

  if (loadError) {
    return (
      <main className="empty-state" role="alert">
        <h1>{loadError.status === 404 ? `Flow '${flowId}' not found` : loadError.status === 0 ? 'The Flows service cannot be reached' : 'The flow could not be opened'}</h1>
        <p>{loadError.status === 404 ? 'It may have been deleted.' : loadError.message}</p>
        <button type="button" onClick={() => setAttempt((a) => a + 1)}>
          Retry
        </button>{' '}
        <button type="button" onClick={() => navigate('/')}>
          Back to the flows
        </button>
      </main>
    );
  }
  if (!loaded) return <main className="muted loading">Loading {flowId}…</main>;

  return (
    <main className="editor">
      <div className="toolbar" role="toolbar" aria-label="Flow">
        <h1 ref={heading} tabIndex={-1}>
          {name || flowId} <span className="muted small">{flowId} · v{version}</span>
          {dirty && (
            <span className="dirty" title="Unsaved changes" aria-label="Unsaved changes">
              ● unsaved
            </span>
          )}
        </h1>
        {/* a notice takes room in the toolbar, not a row of its own: it comes and goes without moving the canvas */}
        {message?.kind === 'info' && <Message text={message.text} kind="info" />}
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'canvas'} onClick={() => editor.set({ view: 'canvas' })}>
            Canvas
          </button>
          <button type="button" aria-pressed={view === 'yaml'} onClick={() => editor.set({ view: 'yaml' })}>
            YAML
          </button>
        </div>
        <button type="button" onClick={undo} disabled={!canUndo} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={redo} disabled={!canRedo} title="Ctrl+Shift+Z">
          Redo
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={!dirty} title="Ctrl+S">
          Save
        </button>
      </div>
      {message?.kind === 'error' && <Message text={message.text} kind="error" />}
      {runView !== null && (
        <div className="run-view-banner" role="status">
          <span>
            Showing the run on <strong>version {runView}</strong>, the version it ran, read-only. The editor holds version {version}
            {dirty ? ' with unsaved changes' : ''}.
          </span>
          <button type="button" onClick={() => navigate(flowUrl(flowId))}>
            Close execution and edit version {version}
          </button>
        </div>
      )}
      <div className="workspace">
        {view === 'canvas' && runView === null && <Palette />}
        <div className="center">
          {view === 'canvas' ? (
            <Canvas key={runView ?? 'edited'} />
          ) : (
            <Suspense fallback={<p className="muted">Loading the YAML editor…</p>}>
              <YamlView />
            </Suspense>
          )}
          <ProblemsPanel />
        </div>
        <aside className="side" aria-label="Details">
          <div className="tabs" role="tablist">
            {PANELS.map(([p, label]) => (
              <button key={p} type="button" role="tab" aria-selected={panel === p} onClick={() => editor.set({ panel: p })}>
                {label}
              </button>
            ))}
          </div>
          <div className="tab-body" role="tabpanel" ref={sideBody}>
            {panel === 'inspector' && <Inspector />}
            {panel === 'run' && <RunPanel />}
            {panel === 'executions' && <ExecutionsPanel />}
            {panel === 'versions' && <VersionsPanel />}
          </div>
        </aside>
      </div>
      <InsertMenu />
    </main>
  );
}

/** An error (a row above the workspace, until dismissed) or a notice (in the toolbar, gone by itself unless held). */
function Message({ text, kind }: { text: string; kind: 'info' | 'error' }) {
  const hold = kind === 'info' ? holdNotice : undefined;
  return (
    <div
      className={`message message-${kind}`}
      title={kind === 'info' ? text : undefined}
      role={kind === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => hold?.(true)}
      onMouseLeave={() => hold?.(false)}
      onFocus={() => hold?.(true)}
      onBlur={() => hold?.(false)}
    >
      <span>{text}</span>
      <button type="button" aria-label="Dismiss message" onClick={() => editor.set({ message: null })}>
        ✕
      </button>
    </div>
  );
}

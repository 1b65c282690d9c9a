import { useCallback, useEffect, useState } from 'react';
import type { ExecutionSummary } from '../../api/executions';
import { executionsApi } from '../../api/executions';
import type { ApiError } from '../../api/http';
import { ms, when } from '../../app/format';
import { executionUrl, navigate } from '../../app/router';
import StatusBadge from '../../app/StatusBadge';
import { useStore } from '../../app/store';
import { editor } from '../../editor/editorStore';

/** Past executions of the flow; one opens on the canvas. */
export default function ExecutionsPanel() {
  const flowId = useStore(editor, (s) => s.flowId)!;
  const current = useStore(editor, (s) => s.execution?.id);
  const [status, setStatus] = useState('');
  const [list, setList] = useState<ExecutionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await executionsApi.list(flowId, status || undefined));
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
    }
  }, [flowId, status]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="executions-panel" aria-label="Executions">
      <h2>Executions</h2>
      <div className="row">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">all</option>
            {['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && <p className="field-error">{error}</p>}
      {list && list.length === 0 && <p className="muted">No executions{status ? ` with status ${status}` : ''} yet.</p>}
      <ul className="execution-list">
        {list?.map((e) => (
          <li key={e.id}>
            <button type="button" className={e.id === current ? 'is-current' : undefined} data-execution-id={e.id} onClick={() => navigate(executionUrl(flowId, e.id))}>
              <StatusBadge status={e.status} /> {when(e.startedAt)} <span className="muted small">v{e.flowVersion} · {ms(e.durationMs)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

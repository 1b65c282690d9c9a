import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FlowSummary } from '../../api/flows';
import { flowsApi } from '../../api/flows';
import { ApiError } from '../../api/http';
import { flowUrl, navigate } from '../../app/router';
import { problemLine, when } from '../../app/format';
import StatusBadge from '../../app/StatusBadge';
import NewFlowForm from './NewFlowForm';
import { copyId, duplicateYaml } from './templates';

export default function FlowListPage() {
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const newFlowRef = useRef<HTMLButtonElement>(null);
  // closed without creating (Cancel, Escape): the focus goes back to the button that opened the form
  const closeNewFlow = () => {
    setCreating(false);
    newFlowRef.current?.focus();
  };

  const load = useCallback(async () => {
    try {
      setFlows(await flowsApi.list());
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (flows ?? []).filter((f) => !q || [f.id, f.name, f.description].some((t) => t?.toLowerCase().includes(q)));
  }, [flows, query]);

  const problemText = (e: unknown) => {
    const err = e as ApiError;
    return err.errors?.length ? `${err.message} — ${err.errors.map(problemLine).join('; ')}` : err.message;
  };

  const importFile = async (file: File) => {
    const text = await file.text();
    const json = /\.json$/i.test(file.name) || text.trimStart().startsWith('{');
    try {
      const r = await flowsApi.create(text, json ? 'application/json' : 'application/yaml');
      navigate(flowUrl(r.id));
    } catch (e) {
      setNotice(`Import of ${file.name} failed: ${problemText(e)}`);
    }
  };

  const duplicate = async (id: string) => {
    try {
      const { text } = await flowsApi.source(id);
      const r = await flowsApi.create(duplicateYaml(text, copyId(id, new Set((flows ?? []).map((f) => f.id)))));
      setNotice(`Created ${r.id}.`);
      await load();
    } catch (e) {
      setNotice(`Duplicate failed: ${problemText(e)}`);
    }
  };

  const setEnabled = async (id: string, enabled: boolean) => {
    try {
      await flowsApi.setEnabled(id, enabled);
      setNotice(enabled ? `Enabled ${id}: its trigger starts it again.` : `Disabled ${id}: nothing starts it until it is enabled.`);
      await load();
    } catch (e) {
      setNotice(`${enabled ? 'Enable' : 'Disable'} failed: ${problemText(e)}`);
    }
  };

  const remove = async (id: string) => {
    try {
      await flowsApi.remove(id);
      setConfirming(null);
      setNotice(`Deleted ${id}.`);
      await load();
    } catch (e) {
      setNotice(`Delete failed: ${problemText(e)}`);
    }
  };

  return (
    <main className="list-page">
      <div className="list-head">
        <h1>Flows</h1>
        <label className="search">
          <span className="sr-only">Search flows</span>
          <input type="search" placeholder="Search flows" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button ref={newFlowRef} type="button" className="primary" aria-expanded={creating} aria-controls="new-flow-form" onClick={() => setCreating((c) => !c)}>
          New flow
        </button>
        <button type="button" onClick={() => fileRef.current?.click()}>
          Import file…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".yaml,.yml,.json"
          aria-label="Import a flow file"
          className="sr-only"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f);
            e.target.value = '';
          }}
        />
      </div>
      {creating && <NewFlowForm onCancel={closeNewFlow} onCreated={(id) => navigate(flowUrl(id), { state: { created: id } })} />}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <div className="empty-state" role="alert">
          <h2>{error.status === 0 ? 'The Flows service cannot be reached' : 'The flows could not be loaded'}</h2>
          <p>{error.status === 0 ? 'Check that the service is running, then try again.' : error.message}</p>
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </div>
      )}
      {!error && flows === null && <p className="muted">Loading…</p>}
      {!error && flows !== null && shown.length === 0 && (
        <div className="empty-state">
          <p>{flows.length === 0 ? 'No flows yet. Create one or import a YAML file.' : `No flow matches “${query}”.`}</p>
        </div>
      )}
      {!error && shown.length > 0 && (
        <table className="flows-table">
          <thead>
            <tr>
              <th>Flow</th>
              <th>Trigger</th>
              <th>Version</th>
              <th>Last run</th>
              <th>Updated</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr key={f.id} data-flow-id={f.id}>
                <td>
                  <a
                    href={flowUrl(f.id)}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(flowUrl(f.id));
                    }}
                  >
                    {f.name || f.id}
                  </a>
                  <div className="muted small">
                    {f.id}
                    {f.description ? ` — ${f.description}` : ''}
                    {!f.enabled && <span className="badge badge-disabled">disabled</span>}
                  </div>
                </td>
                <td>{f.trigger?.type}</td>
                <td>v{f.version}</td>
                <td>
                  <StatusBadge status={f.lastExecution?.status} />
                  {f.lastExecution && <div className="muted small">{when(f.lastExecution.startedAt)}</div>}
                </td>
                <td className="small">{when(f.updatedAt)}</td>
                <td className="row-actions">
                  {confirming === f.id ? (
                    <>
                      <span>Delete {f.id}?</span>
                      <button type="button" className="danger" onClick={() => void remove(f.id)}>
                        Yes, delete
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" onClick={() => void setEnabled(f.id, !f.enabled)} aria-label={`${f.enabled ? 'Disable' : 'Enable'} ${f.id}`}>
                        {f.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button type="button" onClick={() => void duplicate(f.id)} aria-label={`Duplicate ${f.id}`}>
                        Duplicate
                      </button>
                      <button type="button" onClick={() => setConfirming(f.id)} aria-label={`Delete ${f.id}`}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

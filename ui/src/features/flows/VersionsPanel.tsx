import { useEffect, useState } from 'react';
import { flowsApi } from '../../api/flows';
import type { ApiError } from '../../api/http';
import { when } from '../../app/format';
import { useStore } from '../../app/store';
import { diffFlows } from '../../model/diff';
import type { Json } from '../../model/schema';
import { editor } from '../../editor/editorStore';

/** The flow's versions and a step-by-step diff between any two. */
export default function VersionsPanel() {
  const flowId = useStore(editor, (s) => s.flowId);
  const base = useStore(editor, (s) => s.baseVersion);
  const kinds = useStore(editor, (s) => s.kinds);
  const [versions, setVersions] = useState<{ version: number; createdAt: string }[]>([]);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [diff, setDiff] = useState<ReturnType<typeof diffFlows> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!flowId) return;
    flowsApi.versions(flowId).then(
      (v) => {
        setVersions(v);
        setTo(v[0]?.version ?? 0);
        setFrom(v[1]?.version ?? v[0]?.version ?? 0);
      },
      (e: ApiError) => setError(e.message),
    );
  }, [flowId, base]);

  const compare = async () => {
    if (!flowId) return;
    try {
      const [a, b] = await Promise.all([flowsApi.json(flowId, from), flowsApi.json(flowId, to)]);
      setDiff(diffFlows(a as Json, b as Json, kinds));
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

  return (
    <div className="versions" aria-label="Versions">
      <h2>Versions</h2>
      {error && <p className="field-error">{error}</p>}
      <ol className="version-list">
        {versions.map((v) => (
          <li key={v.version}>
            v{v.version} <span className="muted small">{when(v.createdAt)}</span>
            {v.version === base && <span className="badge">open</span>}
          </li>
        ))}
      </ol>
      <div className="diff-pick">
        <label>
          From
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
        <label>
          To
          <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void compare()} disabled={!versions.length}>
          Compare
        </button>
      </div>
      {diff && (
        <div className="diff" aria-label="Differences">
          {diff.flow?.length === 0 && diff.steps.length === 0 && <p className="muted">No differences.</p>}
          {diff.flow?.map((f) => (
            <p key={f.field} className="diff-changed">
              flow <strong>{f.field}</strong>: {show(f.before)} → {show(f.after)}
            </p>
          ))}
          {diff.steps.map((s) => (
            <div key={s.id} className={`diff-${s.change}`}>
              <strong>{s.id}</strong> {s.change} <span className="muted small">{s.fromPath && s.fromPath !== s.path ? `${s.fromPath} → ${s.path}` : s.path}</span>
              {s.fields?.map((f) => (
                <div key={f.field} className="small">
                  {f.field}: <del>{show(f.before)}</del> → <ins>{show(f.after)}</ins>
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

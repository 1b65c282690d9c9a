import { useEffect, useState } from 'react';
import { ENDED, executionsApi } from '../../api/executions';
import { flowsApi } from '../../api/flows';
import type { ApiError } from '../../api/http';
import { executionUrl, flowUrl, navigate } from '../../app/router';
import { ms, pretty, readable, shortId } from '../../app/format';
import StatusBadge from '../../app/StatusBadge';
import { useStore } from '../../app/store';
import { editor, isDirty, notify, save } from '../../editor/editorStore';
import { useRunOverlay } from '../../editor/canvas/useRunOverlay';
import StepTraceView from '../../editor/inspector/StepTraceView';
import { showOnItsVersion } from './useExecutionWatch';

const key = (flowId: string) => `flows.runInput.${flowId}`;

/** Input JSON (remembered per flow), Run, and the execution being watched. */
export default function RunPanel() {
  const flowId = useStore(editor, (s) => s.flowId)!;
  const dirty = useStore(editor, isDirty);
  const execution = useStore(editor, (s) => s.execution);
  const baseVersion = useStore(editor, (s) => s.baseVersion);
  const runView = useStore(editor, (s) => s.runView?.version ?? null);
  const { unmatched } = useRunOverlay();
  const [input, setInput] = useState(() => localStorage.getItem(key(flowId)) ?? '{}');
  // the flow can arrive after the first render (a reload on a flow's URL): read its remembered input then
  useEffect(() => {
    if (flowId) setInput(localStorage.getItem(key(flowId)) ?? '{}');
  }, [flowId]);
  const [error, setError] = useState<string | null>(null);
  const [disabledFlow, setDisabledFlow] = useState(false);
  // said before Run is tried: the flow's own document does not say it (GET /api/flows/{id}), its row in the list does
  const [off, setOff] = useState(false);
  useEffect(() => {
    let stale = false;
    flowsApi.list().then(
      (flows) => !stale && setOff(flows.find((f) => f.id === flowId)?.enabled === false),
      () => {
        /* not known: Run says it when the service refuses */
      },
    );
    return () => {
      stale = true;
    };
  }, [flowId]);
  let inputError: string | null = null;
  try {
    if (input.trim()) JSON.parse(input);
  } catch (e) {
    inputError = `The input is not valid JSON: ${(e as Error).message}`;
  }

  const run = async () => {
    if (inputError) return;
    if (dirty && !(await save())) {
      setError('Not run: the flow could not be saved (see the message above).');
      return;
    }
    localStorage.setItem(key(flowId), input);
    try {
      const r = await executionsApi.start(flowId, input.trim() || '{}');
      setError(null);
      setDisabledFlow(false);
      navigate(executionUrl(flowId, r.id));
    } catch (e) {
      const a = e as ApiError;
      // a disabled flow (a new schedule is created so) cannot be started: say so, and offer to enable it
      const off = a.status === 409 && /disabled/.test(a.message);
      setDisabledFlow(off);
      setError(off ? 'Not run: this flow is disabled, so nothing starts it (its schedule or webhook neither).' : a.message);
    }
  };

  const enable = async () => {
    try {
      await flowsApi.setEnabled(flowId, true);
      setOff(false);
      setDisabledFlow(false);
      setError(null);
      notify('The flow is enabled: its trigger starts it from now on.');
    } catch (e) {
      setError((e as ApiError).message);
    }
  };

  const replay = async () => {
    if (!execution) return;
    try {
      const r = await executionsApi.replay(execution.id);
      navigate(executionUrl(flowId, r.id));
    } catch (e) {
      setError((e as ApiError).message);
    }
  };

  return (
    <div className="run-panel" aria-label="Run">
      <h2>Run</h2>
      {off && !disabledFlow && (
        <p className="notice small" role="status">
          This flow is disabled: Run is refused, and its schedule or webhook does not start it either.{' '}
          <button type="button" onClick={() => void enable()}>
            Enable the flow
          </button>
        </p>
      )}
      <label htmlFor="run-input">Input (JSON, the trigger body)</label>
      <textarea id="run-input" className="json-field" rows={6} spellCheck={false} value={input} aria-invalid={inputError !== null} onChange={(e) => setInput(e.target.value)} />
      {inputError && (
        <p className="field-error" role="alert">
          {inputError}
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={() => void run()} disabled={inputError !== null}>
          {dirty ? 'Save and run' : 'Run'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}{' '}
          {disabledFlow && (
            <button type="button" onClick={() => void enable()}>
              Enable the flow
            </button>
          )}
        </p>
      )}
      {execution && (
        <section className="execution-summary" aria-label="Execution">
          <h3>
            Execution <code title={execution.id}>{shortId(execution.id)}</code> <StatusBadge status={execution.status} />
          </h3>
          <p className="small muted">
            version {execution.flowVersion} · {ms(execution.durationMs)} · {execution.steps.length} step run(s)
          </p>
          {execution.flowVersion !== baseVersion && runView === null && (
            <div className="notice small">
              This execution ran version {execution.flowVersion}; the canvas shows version {baseVersion}
              {dirty ? ' with unsaved changes' : ''}, so a step shows a result only when a step with its id ran.{' '}
              <button type="button" onClick={() => void showOnItsVersion(flowId, execution.flowVersion)}>
                Show it on version {execution.flowVersion}
              </button>
            </div>
          )}
          {execution.error && (
            <p className="trace-error" role="alert">
              <strong>{execution.error.code}</strong>
              {execution.error.stepId ? ` in ${execution.error.stepId}` : ''}: {execution.error.message}
            </p>
          )}
          {unmatched.length > 0 && (
            <section className="unmatched" aria-label="Steps of this run not on the canvas">
              <h4>
                {unmatched.length} step{unmatched.length > 1 ? 's' : ''} of this run {unmatched.length > 1 ? 'are' : 'is'} not on the canvas
              </h4>
              <p className="small muted">
                {dirty ? 'They were removed, renamed or changed kind since the run.' : `The canvas shows version ${baseVersion}, which does not have them.`}
              </p>
              {unmatched.map((u) => (
                <details key={`${u.stepId} ${u.path}`} className="unmatched-step" open={u.run.status === 'FAILED'}>
                  <summary>
                    <StatusBadge status={u.run.status} /> <strong>{u.stepId}</strong> <span className="muted small">{u.kind} · {u.path}</span>
                  </summary>
                  <StepTraceView entries={u.run.entries} trace={execution.steps} />
                </details>
              ))}
            </section>
          )}
          {ENDED.has(execution.status) && (
            <details open>
              <summary>Output</summary>
              <pre className="execution-output">{pretty(readable(execution.output))}</pre>
            </details>
          )}
          <p className="muted small">Click a step on the canvas to see its input, output, error and attempts.</p>
          <div className="row">
            {!ENDED.has(execution.status) && (
              <button type="button" onClick={() => void executionsApi.cancel(execution.id)}>
                Cancel
              </button>
            )}
            <button type="button" onClick={() => void replay()}>
              Replay
            </button>
            <button type="button" onClick={() => navigate(flowUrl(flowId))}>
              Close execution
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

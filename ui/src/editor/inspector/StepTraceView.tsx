import type { StepTrace } from '../../api/executions';
import { ms, pretty, readable, when } from '../../app/format';
import StatusBadge from '../../app/StatusBadge';
import { shownStatus } from '../canvas/overlay';
import { itemLabel, runsSummary } from './iterations';

/** Above this many runs (foreach items, retries) a run's input and output are shown on request, a failed one's always. */
const OPEN_UP_TO = 3;

/** What one step did in the execution on the canvas (whose whole trace is `trace`): every attempt / iteration. */
export default function StepTraceView({ entries, trace }: { entries: StepTrace[]; trace: StepTrace[] }) {
  if (entries.length === 0) return <p className="muted">This step did not run in this execution.</p>;
  const many = entries.length > OPEN_UP_TO;
  return (
    <div className="trace" aria-label="Step result">
      {many && <p className="small trace-summary">{runsSummary(entries, trace)}</p>}
      {entries.map((e, i) => {
        const item = itemLabel(e, trace);
        // in a long list (a foreach of 50 items) the failed runs are the ones looked for
        const open = !many || shownStatus(e) === 'FAILED';
        return (
          // keyed by the step too: a run opened on one step stays this step's, not the same run of the next one clicked
          <section key={`${e.path}#${i}`} className="trace-entry">
            <h4>
              <StatusBadge status={shownStatus(e)} /> attempt {e.attempt}
              {item ? ` · ${item}` : ''}
              {e.branch ? ` · branch ${e.branch}` : ''} · {ms(e.durationMs)}
            </h4>
            <p className="small muted">started {when(e.startedAt)}</p>
            {e.error && (
              <div className={`trace-error${shownStatus(e) === 'CANCELLED' ? ' is-cancelled' : ''}`} role="alert">
                <strong>{e.error.code}</strong>: {e.error.message}
                {hasDetails(e.error.details) && <pre>{pretty(readable(e.error.details))}</pre>}
              </div>
            )}
            <details open={open}>
              <summary>Input</summary>
              <pre className="trace-input">{pretty(readable(e.input))}</pre>
            </details>
            <details open={open}>
              <summary>Output</summary>
              <pre className="trace-output">{pretty(readable(e.output))}</pre>
            </details>
            {e.request !== undefined && (
              <details>
                <summary>Request</summary>
                <pre>{pretty(readable(e.request))}</pre>
              </details>
            )}
            {e.response !== undefined && (
              <details>
                <summary>Response</summary>
                <pre>{pretty(readable(e.response))}</pre>
              </details>
            )}
            {e.logs !== undefined && (
              <details>
                <summary>Logs</summary>
                <pre>{pretty(e.logs)}</pre>
              </details>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** Details worth a box: not absent, null or an empty object (a SCRIPT_TIMEOUT's), which would show as "{}". */
function hasDetails(d: unknown): boolean {
  return d !== undefined && d !== null && !(typeof d === 'object' && !Array.isArray(d) && Object.keys(d as object).length === 0);
}

import { useMemo } from 'react';
import { useStore } from '../app/store';
import { buildGraph } from '../model/graph';
import { pathToNode } from '../model/paths';
import { editor, selectAndReveal, showLine } from './editorStore';

/** Validation problems; a click selects the node (canvas) or the line (YAML, and always while the YAML does not parse). */
export default function ProblemsPanel() {
  const problems = useStore(editor, (s) => s.problems);
  const json = useStore(editor, (s) => s.fd.json);
  const kinds = useStore(editor, (s) => s.kinds);
  const view = useStore(editor, (s) => s.view);
  // the canvas cannot show where text that does not parse goes wrong, nor be edited to fix it
  const parses = useStore(editor, (s) => s.fd.parseError === null);
  const runView = useStore(editor, (s) => s.runView?.version ?? null);
  const version = useStore(editor, (s) => s.baseVersion);
  const stepPaths = useMemo(() => buildGraph(json, kinds).stepPaths, [json, kinds]);
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  const warnings = problems.length - errors;
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems <span className={`count${errors ? ' has' : ''}`}>{errors}</span>
        {warnings > 0 && <span className="count warn" aria-label={`${warnings} warning(s)`}>{warnings} ⚠</span>}
      </h2>
      {runView !== null ? (
        <p className="muted small">The problems are those of version {version}, the one you edit; close the execution to see them on the canvas.</p>
      ) : problems.length === 0 ? (
        <p className="muted small">No problems.</p>
      ) : (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                className={`problem${p.severity === 'warning' ? ' warning' : ''}`}
                onClick={() => {
                  if (view === 'yaml' || !parses) showLine(p.line);
                  else selectAndReveal(pathToNode(p.path ?? '', stepPaths));
                }}
              >
                {p.severity === 'warning' && <span className="tag warn">warning</span>} <code>{p.code}</code> <strong>{p.path || '(flow)'}</strong>
                {p.line ? <span className="muted"> line {p.line}</span> : null}: {p.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

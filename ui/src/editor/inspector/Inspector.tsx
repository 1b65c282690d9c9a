import { useStore } from '../../app/store';
import { shortId } from '../../app/format';
import { valueAt } from '../../model/document';
import { parsePath } from '../../model/paths';
import { isObject } from '../../model/schema';
import { copy, editor, nudge, removeStep } from '../editorStore';
import SchemaField from './SchemaField';
import StepTraceView from './StepTraceView';

/** The form for what is selected: a step (from its kind's schema), the trigger, or the flow itself. */
export default function Inspector() {
  const selected = useStore(editor, (s) => s.selected);
  const json = useStore(editor, (s) => s.fd.json);
  const kinds = useStore(editor, (s) => s.kinds);
  const flowSchema = useStore(editor, (s) => s.flowSchema);
  const execution = useStore(editor, (s) => s.execution);

  if (!flowSchema) return null;
  const root = isObject(json) ? json : {};

  if (selected === null) {
    const props = Object.entries(flowSchema.properties ?? {}).filter(([k]) => !['steps', 'trigger', 'version', 'createdAt', 'updatedAt'].includes(k)); // the last three are added by the server
    return (
      <div className="inspector" aria-label="Flow settings">
        <h2>Flow settings</h2>
        <p className="muted small">Select a step on the canvas to edit it.</p>
        {props.map(([k, p]) => (
          <SchemaField key={k} name={k} schema={p} path={[k]} value={root[k]} required={flowSchema.required?.includes(k)} />
        ))}
      </div>
    );
  }
  if (selected === 'trigger') {
    const ts = flowSchema.properties?.trigger;
    return (
      <div className="inspector" aria-label="Trigger settings">
        <h2>Trigger</h2>
        {ts && <SchemaField name="trigger" schema={ts} path={['trigger']} value={root.trigger} />}
      </div>
    );
  }

  const path = parsePath(selected);
  const step = valueAt(json, path);
  if (!isObject(step)) return <p className="muted">The selected step is gone.</p>;
  const kind = typeof step.type === 'string' ? kinds.get(step.type) : undefined;
  const entries = execution ? execution.steps.filter((e) => e.path === selected) : [];
  return (
    <div className="inspector" aria-label={`Step ${String(step.id)}`}>
      <h2>
        {String(step.id)} <span className="muted small">{kind?.title ?? String(step.type)}</span>
      </h2>
      <div className="inspector-actions">
        <button type="button" onClick={() => nudge(selected, -1)} title="Alt+↑">
          Move up
        </button>
        <button type="button" onClick={() => nudge(selected, 1)} title="Alt+↓">
          Move down
        </button>
        <button type="button" onClick={() => copy(selected)} title="Ctrl+C">
          Copy
        </button>
        <button type="button" className="danger" onClick={() => removeStep(selected)} title="Delete">
          Delete step
        </button>
      </div>
      {execution && (
        <section className="inspector-trace">
          <h3 title={execution.id}>In execution {shortId(execution.id)}</h3>
          <StepTraceView entries={entries} />
        </section>
      )}
      {kind ? (
        <form className="step-form" onSubmit={(e) => e.preventDefault()} aria-label={`${kind.title} settings`}>
          {kind.description && <p className="help">{kind.description}</p>}
          {Object.entries(kind.schema.properties ?? {})
            .sort(([a], [b]) => order(a) - order(b))
            .map(([k, p]) => (
              <SchemaField key={`${selected}/${k}`} name={k} schema={p} path={[...path, k]} value={step[k]} required={kind.schema.required?.includes(k)} />
            ))}
        </form>
      ) : (
        <p className="field-error">Unknown step type '{String(step.type)}'. Fix it in the YAML view.</p>
      )}
    </div>
  );
}

// identity first, the kind's own fields next, the common policies last
const FIRST = ['id', 'type', 'name', 'description'];
const LAST = ['timeout', 'retry', 'onError'];
function order(k: string): number {
  if (FIRST.includes(k)) return FIRST.indexOf(k);
  if (LAST.includes(k)) return 100 + LAST.indexOf(k);
  return 10;
}

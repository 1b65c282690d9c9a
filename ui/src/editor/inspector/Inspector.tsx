import { useEffect, useRef } from 'react';
import { useStore } from '../../app/store';
import { shortId } from '../../app/format';
import { valueAt } from '../../model/document';
import { parsePath } from '../../model/paths';
import type { Path } from '../../model/paths';
import type { JsonObject, JsonSchema } from '../../model/schema';
import { applicableProps, fieldCondition, fieldsLeftBehind, formOrder, isObject, shownDescription } from '../../model/schema';
import { copy, editField, editFields, editor, nudge, removeStep, shownDoc } from '../editorStore';
import { useRunOverlay } from '../canvas/useRunOverlay';
import SchemaField from './SchemaField';
import StepTraceView from './StepTraceView';

/** The form for what is selected: a step (from its kind's schema), the trigger, or the flow itself. */
export default function Inspector() {
  const selected = useStore(editor, (s) => s.selected);
  const json = useStore(editor, (s) => shownDoc(s).json);
  const runView = useStore(editor, (s) => s.runView);
  const kinds = useStore(editor, (s) => s.kinds);
  const flowSchema = useStore(editor, (s) => s.flowSchema);
  const execution = useStore(editor, (s) => s.execution);
  const flowId = useStore(editor, (s) => s.flowId);
  const run = useRunOverlay();
  const focusForm = useStore(editor, (s) => s.focusForm);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (focusForm) form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [focusForm]);
  // text that does not parse is fixed in the YAML view: a form would show the last version that parsed
  const unparsed = useStore(editor, (s) => !s.runView && s.fd.parseError !== null);

  if (!flowSchema) return null;
  const root = isObject(json) ? json : {};

  // a run view shows a saved version as it ran: its forms can be read, not changed
  const readOnlyNote = runView ? (
    <p className="notice small" role="note">
      Version {runView.version}, as the execution ran it: read-only.
    </p>
  ) : (
    unparsed && (
      <p className="notice small" role="note">
        The YAML does not parse: this is the last version that did, read-only until the YAML is fixed.
      </p>
    )
  );
  const locked = !!runView || unparsed;

  if (selected === null) {
    const props = Object.entries(flowSchema.properties ?? {}).filter(([k]) => !['steps', 'trigger', 'version', 'createdAt', 'updatedAt'].includes(k)); // the last three are added by the server
    return (
      <div className="inspector" data-edits-document aria-label="Flow settings">
        <h2>Flow settings</h2>
        {readOnlyNote}
        <p className="muted small">Select a step on the canvas to edit it.</p>
        <fieldset className="form-body" disabled={locked}>
          {props.map(([k, p]) =>
            k === 'id' ? (
              <FlowIdField key={k} id={flowId ?? ''} />
            ) : (
              <SchemaField key={k} name={k} schema={p} path={[k]} value={root[k]} required={flowSchema.required?.includes(k)} />
            ),
          )}
        </fieldset>
      </div>
    );
  }
  if (selected === 'trigger') {
    const ts = flowSchema.properties?.trigger;
    return (
      <div className="inspector" data-edits-document aria-label="Trigger settings">
        <h2>Trigger</h2>
        {readOnlyNote}
        {root.trigger === undefined && (
          <p className="help">
            This flow has no <code>trigger:</code>, so it is started by hand: from the Run tab, the REST API or the command line. Choose another type to add a trigger.
          </p>
        )}
        <fieldset className="form-body" disabled={locked}>
          {ts && <SchemaField name="trigger" schema={ts} path={['trigger']} value={root.trigger} defaults={{ type: 'manual' }} />}
        </fieldset>
      </div>
    );
  }

  const path = parsePath(selected);
  const step = valueAt(json, path);
  if (!isObject(step)) return <p className="muted">The selected step is gone.</p>;
  const kind = typeof step.type === 'string' ? kinds.get(step.type) : undefined;
  const entries = run.byPath.get(selected)?.entries ?? [];
  const stepId = typeof step.id === 'string' && step.id ? step.id : null;
  const choices = new Set(Object.keys(kind?.schema.properties ?? {}).map((k) => (kind ? fieldCondition(kind.schema, k)?.field : undefined)));
  return (
    <div className="inspector" data-edits-document aria-label={`Step ${stepId ?? '(no id)'}`}>
      <h2>
        {stepId ?? <span className="field-error">(no id)</span>} <span className="muted small">{kind?.title ?? String(step.type)}</span>
      </h2>
      {readOnlyNote}
      <div className="inspector-actions">
        {!runView && (
          <>
            <button type="button" onClick={() => nudge(selected, -1)} title="Alt+↑">
              Move up
            </button>
            <button type="button" onClick={() => nudge(selected, 1)} title="Alt+↓">
              Move down
            </button>
          </>
        )}
        <button type="button" onClick={() => copyToClipboard(selected)} title={runView ? 'Ctrl+C: paste it into the version you edit once the execution is closed' : 'Ctrl+C'}>
          Copy
        </button>
        {!runView && (
          <button type="button" className="danger" onClick={() => removeStep(selected)} title="Delete">
            Delete step
          </button>
        )}
      </div>
      {execution && (
        <section className="inspector-trace">
          <h3 title={execution.id}>In execution {shortId(execution.id)}</h3>
          <StepTraceView entries={entries} trace={execution.steps} />
        </section>
      )}
      {kind ? (
        <form ref={form} className="step-form" onSubmit={(e) => e.preventDefault()} aria-label={`${kind.title} settings`}>
          <fieldset className="form-body" disabled={locked}>
            {kind.description && <p className="help">{kind.description}</p>}
            {stepFields(kind.schema, step).map(([k, p]) =>
              k === 'type' ? (
                <StepKindField key={`${selected}/${k}`} title={kind.title} kind={kind.kind} />
              ) : (
                <SchemaField
                  key={`${selected}/${k}`}
                  name={k}
                  schema={p}
                  path={[...path, k]}
                  value={step[k]}
                  required={kind.schema.required?.includes(k)}
                  onChange={choices.has(k) ? (v) => chooseStepField(path, kind.schema, step, k, v) : undefined}
                />
              ),
            )}
          </fieldset>
        </form>
      ) : (
        <p className="field-error">Unknown step type '{String(step.type)}'. Fix it in the YAML view.</p>
      )}
    </div>
  );
}

/**
 * The flow's id, shown, not edited: it names the flow in its URL, its API and its executions, and a
 * save under another id is refused (an edit here only ever ended in "Not saved").
 */
function FlowIdField({ id }: { id: string }) {
  return (
    <div className="field field-id">
      <label htmlFor="f-id">Id</label>
      <input id="f-id" value={id} readOnly aria-describedby="f-id-help" />
      <span className="help" id="f-id-help">
        Names the flow in its URL, the API and its executions; it cannot be changed. The name can.
      </span>
    </div>
  );
}

/**
 * A step's kind, as text: it is not a field to fill in (a step of another kind is another step, added
 * from the palette), so it does not look like one.
 */
function StepKindField({ title, kind }: { title: string; kind: string }) {
  return (
    <div className="field field-type">
      <span className="field-label" id="f-step-kind">
        Type
      </span>
      <span className="fixed-value" aria-labelledby="f-step-kind">
        {title} <code>{kind}</code>
      </span>
    </div>
  );
}

/**
 * The fields of a step's form, in form order: those for the choice made (an injected fault's error for
 * mode fail, its latency for mode latency) and any the step has written, with their condition left out
 * of their description.
 */
function stepFields(schema: JsonSchema, step: JsonObject): [string, JsonSchema][] {
  const applies = new Set(applicableProps(schema, step));
  return formOrder(schema)
    .filter((k) => applies.has(k) || step[k] !== undefined)
    .map((k) => [k, { ...schema.properties![k], description: shownDescription(schema, k) }]);
}

/** A new choice (an injected fault's mode) drops the fields that were for the old one, in one undo step. */
function chooseStepField(path: Path, schema: JsonSchema, step: JsonObject, field: string, v: unknown): void {
  if (typeof v !== 'string') return editField([...path, field], v);
  editFields([[[...path, field], v], ...fieldsLeftBehind(schema, step, field, v).map((k): [Path, unknown] => [[...path, k], undefined])]);
}

/** The Copy button: the step goes to the system clipboard too (as Ctrl+C puts it), for a flow in another tab. */
function copyToClipboard(path: string): void {
  const text = copy(path);
  if (text !== null) void navigator.clipboard?.writeText(text).catch(() => undefined);
}

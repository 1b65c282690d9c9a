import type { Path } from '../../model/paths';
import { formatPath } from '../../model/paths';
import type { JsonSchema } from '../../model/schema';
import { applicableProps, fieldCondition, fieldsLeftBehind, groupChoice, holdsSteps, isObject, shownDescription } from '../../model/schema';
import { useStore } from '../../app/store';
import { editField, editFields, editor } from '../editorStore';
import LazyCodeEditor from '../source/LazyCodeEditor';
import BranchesField from './BranchesField';
import ConnectionField from './ConnectionField';
import ExpressionInput from './ExpressionInput';
import ItemsField from './ItemsField';
import JsonField from './JsonField';
import MappingEditor from './MappingEditor';

export interface FieldProps {
  name: string;
  schema: JsonSchema;
  /** Where the field sits in the document. */
  path: Path;
  value: unknown;
  required?: boolean;
  /** Replaces the plain edit of this field (a choice that other fields depend on). */
  onChange?: (v: unknown) => void;
  /** For an object: values that stand in for choices not written (a missing trigger type is manual). */
  defaults?: Record<string, string>;
  /** For a list of values: what the empty choice says (and means), instead of "—" or the default. */
  noneLabel?: string;
}

const NO_PROBLEMS: { path: string; message: string; severity?: string }[] = [];

const types = (s: JsonSchema) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** One field of a form generated from a JSON Schema; nothing here knows a step kind. */
export default function SchemaField({ name, schema, path, value, required, onChange, defaults, noneLabel }: FieldProps) {
  const id = `f-${formatPath(path)}`;
  // the service's problems with this very field, in its words (a run view shows another version: none)
  const problems = useStore(editor, (s) => (s.runView ? NO_PROBLEMS : s.problems));
  const own = problems.filter((p) => p.path === formatPath(path));
  // a form in a run view (or over YAML that does not parse) sits in a disabled fieldset; the code editor is no form control and is told so
  const readOnly = useStore(editor, (s) => s.runView !== null || s.fd.parseError !== null);
  const helpId = `${id}-help`;
  const label = schema.title ?? name;
  const set = onChange ?? ((v: unknown) => editField(path, v));
  const widget = schema['x-widget'];
  const t = types(schema);
  const pattern = schema.pattern ? new RegExp(schema.pattern) : null;
  const badPattern = typeof value === 'string' && value !== '' && pattern && !pattern.test(value);

  let control: React.ReactNode;
  let asFieldset = false;
  if (schema['x-steps'] === 'list') {
    control = <span className="muted small">{Array.isArray(value) ? value.length : 0} step(s) — edit them on the canvas</span>;
  } else if (schema['x-steps'] === 'map') {
    asFieldset = true;
    control = <BranchesField path={path} value={isObject(value) ? value : undefined} label={label} />;
  } else if (schema.const !== undefined) {
    control = <input id={id} value={String(schema.const)} readOnly aria-describedby={helpId} />;
  } else if (schema.enum) {
    control = (
      <select id={id} value={value === undefined ? '' : String(value)} aria-describedby={helpId} onChange={(e) => set(e.target.value === '' ? undefined : schema.enum!.find((x) => String(x) === e.target.value))}>
        {(!required || value === undefined) && <option value="">{noneLabel ?? (schema.default !== undefined ? `(default: ${String(schema.default)})` : '—')}</option>}
        {schema.enum.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  } else if (widget === 'code') {
    control = <LazyCodeEditor value={typeof value === 'string' ? value : ''} onChange={(v) => set(v === '' ? undefined : v)} language="javascript" label={label} readOnly={readOnly} />;
  } else if (widget === 'mapping' || (t.includes('object') && !schema.properties && schema.additionalProperties !== false && widget !== 'json')) {
    asFieldset = true;
    const values = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    control = <MappingEditor id={id} label={label} value={isObject(value) ? value : undefined} onChange={set} textOnly={values?.type === 'string'} />;
  } else if (widget === 'expression' && (value === undefined || typeof value === 'string')) {
    control = <ExpressionInput id={id} value={typeof value === 'string' ? value : ''} onChange={(v) => set(v === '' ? undefined : v)} describedBy={helpId} />;
  } else if (widget === 'connection' && (value === undefined || typeof value === 'string')) {
    control = <ConnectionField id={id} value={typeof value === 'string' ? value : ''} onChange={(v) => set(v === '' ? undefined : v)} describedBy={helpId} />;
  } else if (t.includes('object') && schema.properties) {
    const obj = isObject(value) ? value : {};
    const props = schema.properties;
    // only the fields for the choice made (a webhook trigger's path, an hmac signature's header); a new
    // choice drops the fields of the old one, which would be ignored
    const choices = new Set(Object.keys(props).map((k) => fieldCondition(schema, k)?.field).filter((f): f is string => !!f));
    const choose = (field: string) => (v: unknown) =>
      typeof v === 'string' ? editFields([[[...path, field], v], ...fieldsLeftBehind(schema, obj, field, v).map((k): [Path, unknown] => [[...path, k], undefined])]) : editField([...path, field], v);
    // an optional group with required fields of its own (a signature, a latency) is added and removed as
    // a whole: by its required choice, "none" being no group, or else by a button
    const optional = !required && !defaults && !!schema.required?.length;
    const absent = value === undefined;
    const entry = optional ? groupChoice(schema) : null;
    const fields = entry ? [entry, ...(absent ? [] : applicableProps(schema, obj, defaults).filter((k) => k !== entry))] : absent && optional ? [] : applicableProps(schema, obj, defaults);
    const none = `none (no ${label.toLowerCase()})`;
    return (
      <fieldset className={`field-group group-${name}`}>
        <legend>{label}</legend>
        {schema.description && <p className="help">{schema.description}</p>}
        {optional && !entry && (absent ? (
          <button type="button" onClick={() => editField(path, {})}>
            Add {label.toLowerCase()}
          </button>
        ) : (
          <button type="button" onClick={() => editField(path, undefined)}>
            Remove {label.toLowerCase()}
          </button>
        ))}
        {fields.map((k) => (
          <SchemaField
            key={k}
            name={k}
            schema={{ ...props[k], description: shownDescription(schema, k) }}
            path={[...path, k]}
            value={obj[k] ?? (choices.has(k) ? defaults?.[k] : undefined)}
            required={k === entry ? false : schema.required?.includes(k)}
            noneLabel={k === entry ? none : undefined}
            onChange={k === entry ? (v) => (v === undefined ? editField(path, undefined) : absent ? editField(path, { [k]: v }) : choose(k)(v)) : choices.has(k) ? choose(k) : undefined}
          />
        ))}
      </fieldset>
    );
  } else if (t.includes('array') && schema.items && holdsSteps(schema)) {
    asFieldset = true;
    control = <ItemsField path={path} schema={schema} value={Array.isArray(value) ? value : []} />;
  } else if (t.includes('array') && schema.items && !t.includes('object') && !(schema.items.type === 'object')) {
    const itemTypes = types(schema.items);
    control = (
      <input
        id={id}
        aria-describedby={helpId}
        placeholder="comma-separated"
        value={Array.isArray(value) ? value.join(', ') : ''}
        onChange={(e) => {
          const parts = e.target.value.split(',').map((x) => x.trim()).filter(Boolean);
          set(parts.length ? parts.map((p) => (itemTypes.includes('integer') && /^-?\d+$/.test(p) ? Number(p) : p)) : undefined);
        }}
      />
    );
  } else if (t.length === 1 && (t[0] === 'integer' || t[0] === 'number')) {
    control = (
      <input
        id={id}
        type="number"
        aria-describedby={helpId}
        min={schema.minimum}
        max={schema.maximum}
        step={t[0] === 'integer' ? 1 : 'any'}
        placeholder={schema.default !== undefined ? `default ${String(schema.default)}` : undefined}
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  } else if (t.length === 1 && t[0] === 'boolean') {
    control = <input id={id} type="checkbox" aria-describedby={helpId} checked={value === true} onChange={(e) => set(e.target.checked)} />;
  } else if (t.length === 1 && t[0] === 'string' && (typeof value === 'string' || value === undefined)) {
    control = (
      <input
        id={id}
        aria-describedby={helpId}
        aria-invalid={badPattern || undefined}
        placeholder={widget === 'duration' ? 'e.g. 200ms, 5s, 1m' : schema.default !== undefined ? `default ${String(schema.default)}` : undefined}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)}
      />
    );
  } else {
    control = <JsonField id={id} value={value} onChange={set} describedBy={helpId} />;
  }

  const help = (
    <>
      {schema.description && (
        <span className="help" id={helpId}>
          {schema.description}
        </span>
      )}
      {own.map((p, i) => (
        <span key={i} className={p.severity === 'warning' ? 'field-warning' : 'field-error'}>
          {p.message}
        </span>
      ))}
      {badPattern && widget === 'duration' && !own.length && <span className="field-error">A duration: a number and ms, s, m or h, e.g. 5s.</span>}
    </>
  );
  if (asFieldset) {
    return (
      <fieldset className="field-group">
        <legend>
          {label}
          {required ? ' *' : ''}
        </legend>
        {help}
        {control}
      </fieldset>
    );
  }
  return (
    <div className={`field field-${name}`}>
      <label htmlFor={id}>
        {label}
        {required ? ' *' : ''}
      </label>
      {control}
      {help}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { cellType, parseCell, renameProblem, showCell } from '../../model/values';
import ExpressionInput from './ExpressionInput';

type Mapping = Record<string, unknown>;

/**
 * Key/value rows for headers, query parameters, variables and `set:` mappings; values may hold `${...}`.
 * A value that reads as a number, true/false, null or JSON is saved as that (see `parseCell`), "quoted"
 * it is text; with `textOnly` (headers) every value is text.
 */
export default function MappingEditor({ id, value, onChange, label, textOnly }: { id: string; value: Mapping | undefined; onChange: (v: Mapping | undefined) => void; label: string; textOnly?: boolean }) {
  const entries = Object.entries(value ?? {});
  const [newKey, setNewKey] = useState('');
  const write = (next: [string, unknown][]) => onChange(next.length ? Object.fromEntries(next) : undefined);
  return (
    <div className="mapping" id={id} role="group" aria-label={label}>
      {!textOnly && <p className="help">42, true, null and JSON are saved as such; put text in quotes to keep it text ("42").</p>}
      {entries.map(([k, v], i) => (
        <div className="mapping-row" key={i}>
          <NameCell label={`${label}: name ${i + 1}`} name={k} names={entries.map(([n]) => n)} index={i} onRename={(n) => write(entries.map((en, j) => (j === i ? [n, en[1]] : en)))} />
          <ValueCell id={`${id}-v${i}`} label={`${label}: value of ${k}`} value={v} textOnly={textOnly} onChange={(nv) => write(entries.map((en, j) => (j === i ? [en[0], nv] : en)))} />
          <button type="button" aria-label={`Remove ${k}`} onClick={() => write(entries.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <div className="mapping-row">
        <input aria-label={`${label}: new name`} placeholder="new name" value={newKey} onChange={(e) => setNewKey(e.target.value)} />
        <button
          type="button"
          disabled={!newKey || newKey in (value ?? {})}
          onClick={() => {
            write([...entries, [newKey, '']]);
            setNewKey('');
          }}
        >
          Add
        </button>
      </div>
    </div>
  );
}

/**
 * A row's name. While the typed name is empty or another row's (on the way to a new name, say), the
 * row keeps its old name: writing it would merge two rows into one and lose a value.
 */
function NameCell({ label, name, names, index, onRename }: { label: string; name: string; names: string[]; index: number; onRename: (name: string) => void }) {
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  const problem = text === name ? null : renameProblem(names, index, text);
  return (
    <span className="mapping-name">
      <input
        aria-label={label}
        aria-invalid={problem !== null || undefined}
        title={problem ?? undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (!renameProblem(names, index, e.target.value)) onRename(e.target.value);
        }}
        onBlur={() => problem && setText(name)}
      />
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}

/** One value: the text as typed is kept while it means the value in the document (`1.10` stays `1.10`). */
function ValueCell({ id, label, value, onChange, textOnly }: { id: string; label: string; value: unknown; onChange: (v: unknown) => void; textOnly?: boolean }) {
  const read = (t: string) => (textOnly ? t : parseCell(t));
  const shown = textOnly && typeof value === 'string' ? value : showCell(value);
  const [text, setText] = useState(shown);
  useEffect(() => {
    // an edit from elsewhere (undo, the YAML view) shows; the row's own typing is kept as typed
    setText((t) => (JSON.stringify(read(t)) === JSON.stringify(value) ? t : shown));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown]);
  const type = cellType(value);
  return (
    <>
      <ExpressionInput
        id={id}
        label={label}
        value={text}
        onChange={(t) => {
          setText(t);
          onChange(read(t));
        }}
        placeholder="value or ${...}"
      />
      {!textOnly && (
        <span className={`cell-type cell-${type}`} title={`Saved as ${type}`} aria-label={`saved as ${type}`}>
          {type}
        </span>
      )}
    </>
  );
}

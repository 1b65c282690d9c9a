import { useState } from 'react';
import ExpressionInput from './ExpressionInput';

type Mapping = Record<string, unknown>;

/** Key/value rows for headers, query parameters and `set:` mappings; values may hold `${...}`. */
export default function MappingEditor({ id, value, onChange, label }: { id: string; value: Mapping | undefined; onChange: (v: Mapping | undefined) => void; label: string }) {
  const entries = Object.entries(value ?? {});
  const [newKey, setNewKey] = useState('');
  const write = (next: [string, unknown][]) => onChange(next.length ? Object.fromEntries(next) : undefined);
  return (
    <div className="mapping" id={id} role="group" aria-label={label}>
      {entries.map(([k, v], i) => (
        <div className="mapping-row" key={i}>
          <input
            aria-label={`${label}: name ${i + 1}`}
            value={k}
            onChange={(e) => write(entries.map((en, j) => (j === i ? [e.target.value, en[1]] : en)))}
          />
          {typeof v === 'string' || v === null || v === undefined ? (
            <ExpressionInput id={`${id}-v${i}`} value={v ?? ''} onChange={(nv) => write(entries.map((en, j) => (j === i ? [en[0], nv] : en)))} placeholder="value or ${...}" />
          ) : (
            <input aria-label={`${label}: value of ${k}`} value={JSON.stringify(v)} readOnly title="Edit non-text values in the YAML view" />
          )}
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

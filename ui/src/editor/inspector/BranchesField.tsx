import { useState } from 'react';
import { renameKey } from '../../model/document';
import type { Path } from '../../model/paths';
import { editField, editor, replaceDocument } from '../editorStore';

/** An `x-steps: map` slot (e.g. parallel branches): add, rename and remove named step lists. */
export default function BranchesField({ path, value, label }: { path: Path; value: Record<string, unknown> | undefined; label: string }) {
  const [name, setName] = useState('');
  const names = Object.keys(value ?? {});
  return (
    <div className="branches" role="group" aria-label={label}>
      {names.length === 0 && <p className="muted small">No branches yet.</p>}
      {names.map((n) => (
        <div className="mapping-row" key={n}>
          <input
            aria-label={`Rename branch ${n}`}
            defaultValue={n}
            onBlur={(e) => {
              const to = e.target.value.trim();
              if (to && to !== n && !names.includes(to)) replaceDocument(renameKey(editor.get().fd, path, n, to));
            }}
          />
          <span className="muted small">{Array.isArray(value?.[n]) ? (value![n] as unknown[]).length : 0} step(s) on the canvas</span>
          <button type="button" aria-label={`Remove branch ${n}`} onClick={() => editField([...path, n], undefined)}>
            ✕
          </button>
        </div>
      ))}
      <div className="mapping-row">
        <input aria-label={`New ${label} name`} placeholder="branch name" value={name} onChange={(e) => setName(e.target.value)} />
        <button
          type="button"
          disabled={!name.trim() || names.includes(name.trim())}
          onClick={() => {
            editField([...path, name.trim()], []);
            setName('');
          }}
        >
          Add branch
        </button>
      </div>
    </div>
  );
}

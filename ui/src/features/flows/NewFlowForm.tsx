import { useState } from 'react';
import { flowsApi } from '../../api/flows';
import type { ApiError } from '../../api/http';
import { newFlowYaml } from './templates';

export default function NewFlowForm({ onCreated, onCancel }: { onCreated: (id: string) => void; onCancel: () => void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState('manual');
  const [error, setError] = useState<string | null>(null);
  const valid = /^[a-z0-9][a-z0-9-]*$/.test(id);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    try {
      const r = await flowsApi.create(newFlowYaml(id, name, trigger));
      onCreated(r.id);
    } catch (err) {
      const a = err as ApiError;
      setError(a.status === 409 ? `A flow with id '${id}' exists already.` : a.message);
    }
  };

  return (
    <form className="new-flow" onSubmit={(e) => void submit(e)} aria-label="New flow">
      <label>
        Id
        <input value={id} onChange={(e) => setId(e.target.value)} placeholder="order-to-erp" required aria-invalid={id !== '' && !valid} autoFocus />
      </label>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Order to ERP" />
      </label>
      <label>
        Trigger
        <select value={trigger} onChange={(e) => setTrigger(e.target.value)}>
          <option value="manual">manual</option>
          <option value="webhook">webhook</option>
          <option value="schedule">schedule</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={!valid}>
        Create
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {id !== '' && !valid && <span className="field-error">Lower-case letters, digits and '-', starting with a letter or digit.</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

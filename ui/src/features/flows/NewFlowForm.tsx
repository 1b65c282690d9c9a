import { useState } from 'react';
import { flowsApi } from '../../api/flows';
import type { ApiError } from '../../api/http';
import { problemLine } from '../../app/format';
import { newFlowYaml } from './templates';

/** A six-field cron as the service reads it: seconds first. Only its shape is checked here; the service checks the rest. */
const CRON = /^\S+( \S+){5}$/;

export default function NewFlowForm({ onCreated, onCancel }: { onCreated: (id: string, enabled: boolean) => void; onCancel: () => void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState('manual');
  const [cron, setCron] = useState('');
  const [startNow, setStartNow] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const validId = /^[a-z0-9][a-z0-9-]*$/.test(id);
  const schedule = trigger === 'schedule';
  const validCron = !schedule || CRON.test(cron.trim());
  const valid = validId && validCron;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    // a new schedule starts disabled unless asked: its flow has no steps yet, and every tick would run it
    const enabled = !schedule || startNow;
    try {
      const r = await flowsApi.create(newFlowYaml(id, name, trigger, cron), 'application/yaml', { enabled });
      onCreated(r.id, enabled);
    } catch (err) {
      const a = err as ApiError;
      setError(a.status === 409 ? `A flow with id '${id}' exists already.` : a.errors?.length ? `${a.message}: ${a.errors.map(problemLine).join('; ')}` : a.message);
    }
  };

  return (
    <form id="new-flow-form" className="new-flow" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label="New flow">
      <label>
        Id
        <input value={id} onChange={(e) => setId(e.target.value)} placeholder="order-to-erp" required aria-invalid={id !== '' && !validId} autoFocus />
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
      {schedule && (
        <>
          <label>
            Cron *
            <input value={cron} onChange={(e) => setCron(e.target.value)} placeholder="0 0 * * * *" required aria-invalid={cron !== '' && !validCron} aria-describedby="new-flow-cron-help" />
          </label>
          <label className="inline">
            <input type="checkbox" checked={startNow} onChange={(e) => setStartNow(e.target.checked)} /> Start the schedule now
          </label>
        </>
      )}
      <button type="submit" className="primary" disabled={!valid}>
        Create
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {schedule && (
        <span className="help full" id="new-flow-cron-help">
          Six fields, seconds first (second minute hour day month weekday), in UTC: <code>0 0 * * * *</code> is every hour, <code>0 */5 * * * *</code> every five minutes.{' '}
          {startNow ? 'The flow runs on this schedule as soon as it is created.' : 'The flow is created disabled: it does not run until you enable it in the list of flows.'}
        </span>
      )}
      {id !== '' && !validId && <span className="field-error">Lower-case letters, digits and '-', starting with a letter or digit.</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

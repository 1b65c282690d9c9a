import { useEffect, useRef, useState } from 'react';
import { setTokenPrompt } from '../api/token';

interface Request {
  reason: string;
  answer: (token: string | null) => void;
}

/**
 * Asks for an API token when the service answers 401 (authentication is on). A modal <dialog>:
 * the browser keeps focus inside it and Escape cancels.
 */
export default function TokenDialog() {
  const [request, setRequest] = useState<Request | null>(null);
  const [value, setValue] = useState('');
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    setTokenPrompt((reason) => new Promise((answer) => setRequest({ reason, answer })));
    return () => setTokenPrompt(null);
  }, []);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (request && !d.open) d.showModal?.();
    if (!request && d.open) d.close();
  }, [request]);

  const finish = (token: string | null) => {
    request?.answer(token);
    setRequest(null);
    setValue('');
  };

  return (
    <dialog ref={ref} className="token-dialog" aria-labelledby="token-dialog-title" onCancel={(e) => { e.preventDefault(); finish(null); }}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) finish(value.trim());
        }}
      >
        <h2 id="token-dialog-title">API token needed</h2>
        <p>
          This Flows service requires an API token. Ask an administrator for one with the <code>flows:read</code> scope (and{' '}
          <code>flows:write</code>, <code>executions:run</code> to edit and run), or make one yourself with{' '}
          <code>flows token create --name my-editor --scopes admin</code>. It is kept in this browser until you choose “Forget token”.
        </p>
        {request?.reason && <p className="muted small" role="status">The service said: {request.reason}</p>}
        <label htmlFor="token-dialog-input">Token</label>
        <input
          id="token-dialog-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="flw_…"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoFocus
        />
        <div className="row">
          <button type="submit" className="primary" disabled={!value.trim()}>
            Use token
          </button>
          <button type="button" onClick={() => finish(null)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

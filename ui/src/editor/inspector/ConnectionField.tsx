import { useEffect, useState } from 'react';
import type { ConnectionList } from '../../api/connections';
import { connectionsApi } from '../../api/connections';
import { connectionHint, connectionOptions } from './connectionOptions';

let loading: Promise<ConnectionList | null> | null = null;

/** The list once per page load; a failure (an older service, no access) leaves a plain text field. */
function loadConnections(): Promise<ConnectionList | null> {
  loading ??= connectionsApi.list().catch(() => {
    loading = null;
    return null;
  });
  return loading;
}

interface Props {
  id: string;
  value: string;
  onChange: (v: string) => void;
  describedBy: string;
}

/** A connection name: free text, with the node's connections offered and their state for its environment. */
export default function ConnectionField({ id, value, onChange, describedBy }: Props) {
  const [list, setList] = useState<ConnectionList | null>(null);
  useEffect(() => {
    let live = true;
    void loadConnections().then((l) => live && setList(l));
    return () => {
      live = false;
    };
  }, []);
  const hint = connectionHint(list, value);
  return (
    <>
      <input id={id} list={`${id}-options`} value={value} aria-describedby={describedBy} placeholder={list ? `e.g. ${list.connections[0]?.name ?? 'erp'}` : 'e.g. erp'} onChange={(e) => onChange(e.target.value)} />
      <datalist id={`${id}-options`}>
        {connectionOptions(list).map((o) => (
          <option key={o.name} value={o.name} label={o.label} />
        ))}
      </datalist>
      {hint && <span className={hint.ok ? 'help' : 'field-error'}>{hint.text}</span>}
    </>
  );
}

import { useSyncExternalStore } from 'react';
import { forgetToken, onTokenChange, storedToken } from '../api/token';

/** Shown while this browser keeps an API token: removes it (the next call asks again). */
export default function ForgetTokenButton() {
  const token = useSyncExternalStore(onTokenChange, storedToken, () => null);
  if (!token) return null;
  return (
    <button type="button" className="topbar-action" onClick={forgetToken} title="Remove the API token kept in this browser">
      Forget token
    </button>
  );
}

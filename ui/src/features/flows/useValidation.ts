import { useEffect } from 'react';
import { flowsApi } from '../../api/flows';
import { editor } from '../../editor/editorStore';

/** Validates the document on the server 400 ms after the last edit. */
export function useValidation(text: string, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let stale = false;
    const t = setTimeout(() => {
      flowsApi.validate(text).then(
        (r) => {
          if (!stale) editor.set({ problems: [...(r.valid ? [] : (r.errors ?? [])), ...(r.warnings ?? []).map((w) => ({ ...w, severity: 'warning' as const }))] });
        },
        () => {
          /* the server being down is shown elsewhere; keep the last problems */
        },
      );
    }, 400);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [text, enabled]);
}

import { useEffect } from 'react';
import { ENDED, executionsApi } from '../../api/executions';
import type { ApiError } from '../../api/http';
import { editor } from '../../editor/editorStore';

/** Loads the execution in the URL and polls it every 300 ms until it ends. */
export function useExecutionWatch(execId: string | undefined): void {
  useEffect(() => {
    if (!execId) {
      editor.set({ execution: null });
      return;
    }
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const e = await executionsApi.get(execId);
        if (stop) return;
        editor.set({ execution: e });
        if (!ENDED.has(e.status)) timer = setTimeout(() => void tick(), 300);
      } catch (err) {
        if (stop) return;
        const a = err as ApiError;
        editor.set({ message: { kind: 'error', text: a.status === 404 ? `Execution ${execId} not found.` : `Could not load execution: ${a.message}` } });
        if (a.status === 0) timer = setTimeout(() => void tick(), 1000);
      }
    };
    editor.set({ panel: 'run' });
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [execId]);
}

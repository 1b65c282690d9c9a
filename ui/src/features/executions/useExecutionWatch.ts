import { useEffect } from 'react';
import { ENDED, executionsApi } from '../../api/executions';
import { flowsApi } from '../../api/flows';
import type { ApiError } from '../../api/http';
import { editor, setRunView } from '../../editor/editorStore';

/**
 * Shows an execution on the version it ran: when that is not the version being edited, its document
 * is loaded and shown read-only (see `runView`). Without it (it cannot be read), the run is placed on
 * the editor's document by step id.
 */
export async function showOnItsVersion(flowId: string, version: number): Promise<void> {
  try {
    const src = await flowsApi.source(flowId, version);
    // the execution may have been closed meanwhile
    if (editor.get().execution?.flowVersion === version) setRunView({ version, text: src.text });
  } catch (err) {
    editor.set({ message: { kind: 'error', text: `Version ${version}, which this execution ran, could not be loaded (${(err as ApiError).message}); its steps are shown on version ${editor.get().baseVersion} by id.` } });
  }
}

/** Loads the execution in the URL and polls it every 300 ms until it ends. */
export function useExecutionWatch(execId: string | undefined): void {
  useEffect(() => {
    if (!execId) {
      editor.set({ execution: null });
      setRunView(null);
      return;
    }
    let stop = false;
    let first = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const e = await executionsApi.get(execId);
        if (stop) return;
        editor.set({ execution: e });
        if (first) {
          first = false;
          // decided once, when the execution opens: a save while it stays open does not turn the canvas read-only
          const s = editor.get();
          if (e.flowVersion !== s.baseVersion && s.flowId) void showOnItsVersion(s.flowId, e.flowVersion);
          else setRunView(null);
        }
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

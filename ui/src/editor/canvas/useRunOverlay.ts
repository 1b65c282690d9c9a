import { useMemo } from 'react';
import { useStore } from '../../app/store';
import { editor, shownDoc } from '../editorStore';
import type { RunOverlay } from './overlay';
import { matchRun } from './overlay';

const NONE: RunOverlay = { byPath: new Map(), unmatched: [] };

/** The open execution's results placed on the document shown, by step id (see `matchRun`). */
export function useRunOverlay(): RunOverlay {
  const steps = useStore(editor, (s) => s.execution?.steps);
  const json = useStore(editor, (s) => shownDoc(s).json);
  const kinds = useStore(editor, (s) => s.kinds);
  return useMemo(() => (steps ? matchRun(steps, json, kinds) : NONE), [steps, json, kinds]);
}

import { useEffect } from 'react';
import { copy, cut, editor, nudge, paste, redo, removeStep, save, undo } from '../../editor/editorStore';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable || !!el.closest?.('.cm-editor');
}

/**
 * A field that edits the flow document (a step's form, the flow's or trigger's settings, the YAML view),
 * as opposed to one that holds something else (the run's input, a filter, a dialog).
 */
function editsDocument(t: EventTarget | null): boolean {
  return !!(t as HTMLElement | null)?.closest?.('[data-edits-document]');
}

/**
 * Delete, copy/cut/paste, undo/redo, Alt+↑/↓ to move, Ctrl+S to save. Undo and redo in a field of the
 * document are the editor's too: a field's own undo would be one more edit on top of the history, and
 * the toolbar's Undo after it brought back what had just been undone.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 's') {
        e.preventDefault();
        void save();
        return;
      }
      if (typing(e.target)) {
        if (!mod || e.altKey || !editsDocument(e.target)) return;
        if (k === 'z' && !e.shiftKey) undo();
        else if (k === 'y' || (k === 'z' && e.shiftKey)) redo();
        else return;
        e.preventDefault();
        return;
      }
      const s = editor.get();
      const step = s.selected && s.selected !== 'trigger' ? s.selected : null;
      if ((e.key === 'Delete' || e.key === 'Backspace') && step) removeStep(step);
      else if (mod && k === 'z' && !e.shiftKey) undo();
      else if (mod && (k === 'y' || (k === 'z' && e.shiftKey))) redo();
      else if (mod && k === 'c' && step) copy(step);
      else if (mod && k === 'x' && step) cut(step);
      else if (mod && k === 'v') paste();
      else if (e.altKey && e.key === 'ArrowUp' && step) nudge(step, -1);
      else if (e.altKey && e.key === 'ArrowDown' && step) nudge(step, 1);
      else if (e.key === 'Escape') editor.set({ selected: null, pendingInsert: null });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

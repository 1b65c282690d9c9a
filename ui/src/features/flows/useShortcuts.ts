import { useEffect } from 'react';
import { copy, cut, editor, nudge, paste, redo, removeStep, save, undo } from '../../editor/editorStore';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable || !!el.closest?.('.cm-editor');
}

/** Delete, copy/cut/paste, undo/redo, Alt+↑/↓ to move, Ctrl+S to save. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
        return;
      }
      if (typing(e.target)) return;
      const s = editor.get();
      const step = s.selected && s.selected !== 'trigger' ? s.selected : null;
      const k = e.key.toLowerCase();
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

import { useEffect } from 'react';
import { copy, cut, editor, nudge, paste, redo, removeStep, save, undo } from '../../editor/editorStore';
import { focusWhenPresent } from '../../editor/focusWhenPresent';

/** Text selected on the page (a run's output, say) is what Ctrl+C copies, not the selected step. */
function hasTextSelection(): boolean {
  const sel = window.getSelection();
  return !!sel && !sel.isCollapsed && sel.toString().trim() !== '';
}

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
 * Delete, undo/redo, Alt+↑/↓ to move, Ctrl+S to save. Undo and redo in a field of the
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
        if (movesFromField(e)) {
          const step = editor.get().selected;
          if (!step || step === 'trigger') return;
          nudge(step, e.key === 'ArrowUp' ? -1 : 1);
          keepFocusOnField(e.target as HTMLElement, step, editor.get().selected);
          e.preventDefault();
          return;
        }
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
      else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && step) {
        nudge(step, e.key === 'ArrowUp' ? -1 : 1);
        keepFocusOnMovedStep(e.target);
      }
      else if (e.key === 'Escape') editor.set({ selected: null, pendingInsert: null });
      else return;
      e.preventDefault();
    };
    // copy, cut and paste are the clipboard's events, not keys: the step goes to the system clipboard as
    // YAML, and comes from it, so it can be pasted into a flow open in another tab (or from a text)
    const onCopy = (e: ClipboardEvent) => {
      const s = editor.get();
      const step = s.selected && s.selected !== 'trigger' ? s.selected : null;
      if (!step || typing(e.target) || hasTextSelection()) return;
      const text = e.type === 'cut' ? cut(step) : copy(step);
      if (text === null) return;
      e.clipboardData?.setData('text/plain', text);
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (typing(e.target)) return;
      paste(e.clipboardData?.getData('text/plain'));
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, []);
}

/**
 * A step moved from the keyboard takes the focus along when the focus was on its node: canvas nodes are
 * named by position, so the focus stayed where the step was, on the step now there, and Delete removed
 * the selected step while another one looked focused.
 */
function keepFocusOnMovedStep(target: EventTarget | null): void {
  if (!(target instanceof HTMLElement) || !target.classList.contains('react-flow__node')) return;
  requestAnimationFrame(() => {
    const moved = editor.get().selected;
    if (moved) document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(moved)}"]`)?.focus();
  });
}

/**
 * Alt+↑ / Alt+↓ in a field of the selected step's form move the step, as on its node or the Move buttons.
 * Not in a list (Alt+↓ opens it) nor in a code editor (there Alt+↑/↓ move the line).
 */
function movesFromField(e: KeyboardEvent): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return false;
  const el = e.target as HTMLElement;
  return (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') && !el.closest('.cm-editor') && !!el.closest('.inspector .step-form');
}

/**
 * The form's fields are keyed and named by the step's path, so the moved step's form is built anew: the focus
 * goes to the same field in it, named by the step's new path.
 */
function keepFocusOnField(field: HTMLElement, from: string, to: string | null): void {
  const prefix = `f-${from}`;
  if (!to || to === from || !field.id) return;
  // a field named by its place in the step (f-steps[1].duration) has a new name; any other keeps its own
  const id = field.id.startsWith(prefix) ? `f-${to}${field.id.slice(prefix.length)}` : field.id;
  focusWhenPresent(`#${CSS.escape(id)}`, field);
}

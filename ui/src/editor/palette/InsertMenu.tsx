import { useEffect, useRef } from 'react';
import { useStore } from '../../app/store';
import { addStepAndEdit, editor } from '../editorStore';

/**
 * The opener, or the element that replaced it since (same role and name): an edge is made anew, with its +,
 * when its id changes (edge ids are document paths, so a step inserted or removed before it changes them).
 */
function openerNow(el: HTMLElement | null): HTMLElement | null {
  if (!el || el.isConnected) return el;
  const name = el.getAttribute('aria-label');
  return name ? document.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(name)}"]`) : null;
}

/** The kind chooser that "+" on an edge opens. */
export default function InsertMenu() {
  const at = useStore(editor, (s) => s.pendingInsert);
  const kinds = useStore(editor, (s) => s.kinds);
  const first = useRef<HTMLButtonElement>(null);
  // the + that opened the menu: a menu closed without a choice gives the focus back to it
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!at) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.focus();
  }, [at]);
  if (!at) return null;
  const close = () => editor.set({ pendingInsert: null });
  const cancel = () => {
    close();
    openerNow(opener.current)?.focus();
  };
  return (
    <div className="insert-menu" role="dialog" aria-label="Insert a step" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <h2>Insert a step</h2>
      <ul>
        {[...kinds.values()].map((k, i) => (
          <li key={k.kind}>
            <button
              ref={i === 0 ? first : undefined}
              type="button"
              data-kind={k.kind}
              onClick={() => {
                close();
                addStepAndEdit(k.kind, at);
              }}
            >
              <strong>{k.title}</strong> <span className="muted small">{k.category}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}

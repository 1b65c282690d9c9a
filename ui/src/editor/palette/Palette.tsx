import { useMemo, useState } from 'react';
import { useStore } from '../../app/store';
import { addStepAndEdit, editor } from '../editorStore';
import { KIND_MIME } from '../canvas/dnd';
import { parsePath } from '../../model/paths';

/** Step kinds from GET /api/steps, by category: drag one onto the canvas, or press Enter to append it. */
export default function Palette() {
  const kinds = useStore(editor, (s) => s.kinds);
  const [q, setQ] = useState('');
  const byCategory = useMemo(() => {
    const m = new Map<string, { kind: string; title: string; description: string }[]>();
    for (const k of kinds.values()) {
      if (q && !`${k.kind} ${k.title} ${k.description}`.toLowerCase().includes(q.toLowerCase())) continue;
      m.set(k.category, [...(m.get(k.category) ?? []), k]);
    }
    return [...m.entries()];
  }, [kinds, q]);

  const append = (kind: string) => {
    const s = editor.get();
    const sel = s.selected && s.selected !== 'trigger' ? parsePath(s.selected) : null;
    const at = sel
      ? { list: s.selected!.replace(/\[\d+\]$/, ''), index: (sel[sel.length - 1] as number) + 1 }
      : { list: 'steps', index: ((s.fd.json as { steps?: unknown[] } | null)?.steps ?? []).length };
    addStepAndEdit(kind, at);
  };

  return (
    <aside className="palette" aria-label="Step palette">
      <h2>Steps</h2>
      <label>
        <span className="sr-only">Filter step kinds</span>
        <input type="search" placeholder="Filter" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {byCategory.map(([cat, list]) => (
        <section key={cat}>
          <h3>{cat}</h3>
          <ul>
            {list.map((k) => (
              <li key={k.kind}>
                <button
                  type="button"
                  className={`palette-item cat-${cat}`}
                  draggable
                  data-kind={k.kind}
                  title={`${k.description}\n\nDrag onto the canvas, or click to add after the selected step.`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(KIND_MIME, k.kind);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => append(k.kind)}
                >
                  <strong>{k.title}</strong>
                  <span className="small muted">{k.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}

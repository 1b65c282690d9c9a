import { useRef } from 'react';

/** Splits text into plain parts and `${...}` expressions (nested braces counted; `$${` is literal). */
export function splitExpressions(text: string): { text: string; expr: boolean }[] {
  const out: { text: string; expr: boolean }[] = [];
  let i = 0;
  let plain = '';
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      plain += '$${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      if (plain) out.push({ text: plain, expr: false });
      plain = '';
      out.push({ text: text.slice(i, j + 1), expr: true });
      i = j + 1;
    } else {
      plain += text[i++];
    }
  }
  if (plain) out.push({ text: plain, expr: false });
  return out;
}

/** A text input that highlights `${...}` expressions behind the typed text. */
export default function ExpressionInput({ id, value, onChange, describedBy, placeholder, label }: { id: string; value: string; onChange: (v: string) => void; describedBy?: string; placeholder?: string; label?: string }) {
  const mirror = useRef<HTMLDivElement>(null);
  return (
    <div className="expr">
      <div className="expr-mirror" ref={mirror} aria-hidden="true">
        {splitExpressions(value).map((p, i) => (
          <span key={i} className={p.expr ? 'expr-part' : undefined}>
            {p.text}
          </span>
        ))}
      </div>
      <input
        id={id}
        className="expr-input"
        value={value}
        spellCheck={false}
        placeholder={placeholder ?? '${...} expression or text'}
        aria-describedby={describedBy}
        aria-label={label}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (mirror.current) mirror.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
      />
    </div>
  );
}

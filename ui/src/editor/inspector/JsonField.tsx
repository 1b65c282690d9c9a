import { useEffect, useState } from 'react';

/** Any JSON value as text; written back only when it parses. */
export default function JsonField({ id, value, onChange, describedBy }: { id: string; value: unknown; onChange: (v: unknown) => void; describedBy?: string }) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => {
      try {
        return JSON.stringify(t.trim() ? JSON.parse(t) : undefined) === JSON.stringify(value) ? t : shown;
      } catch {
        return t;
      }
    });
  }, [shown, value]);
  return (
    <>
      <textarea
        id={id}
        className="json-field"
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        value={text}
        spellCheck={false}
        aria-describedby={describedBy}
        aria-invalid={error !== null}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (!t.trim()) {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(t));
            setError(null);
          } catch (err) {
            setError(`Not valid JSON: ${(err as Error).message}`);
          }
        }}
      />
      {error && <span className="field-error">{error}</span>}
    </>
  );
}

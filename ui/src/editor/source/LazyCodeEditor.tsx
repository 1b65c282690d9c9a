import { lazy, Suspense } from 'react';
import type { CodeEditorProps } from './CodeEditor';

const CodeEditor = lazy(() => import('./CodeEditor'));

/** CodeMirror is loaded on first use, keeping the initial bundle small. */
export default function LazyCodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<textarea aria-label={props.label} className="code-fallback" value={props.value} readOnly={props.readOnly} onChange={(e) => props.onChange(e.target.value)} />}>
      <CodeEditor {...props} />
    </Suspense>
  );
}

import { useStore } from '../../app/store';
import { editor, setText } from '../editorStore';
import LazyCodeEditor from './LazyCodeEditor';

/** The document as YAML: the same text the canvas edits, so switching loses nothing. */
export default function YamlView() {
  const text = useStore(editor, (s) => s.fd.text);
  const parseError = useStore(editor, (s) => s.fd.parseError);
  const schema = useStore(editor, (s) => s.flowSchema);
  const problems = useStore(editor, (s) => s.problems);
  const reveal = useStore(editor, (s) => s.revealLine);
  return (
    <div className="yaml-view">
      {parseError && (
        <p className="field-error" role="alert">
          YAML does not parse{parseError.line ? ` (line ${parseError.line})` : ''}: {parseError.message} — the canvas shows the last version that did.
        </p>
      )}
      <LazyCodeEditor value={text} onChange={setText} language="yaml" label="Flow YAML" schema={schema} problems={problems} revealLine={reveal} minHeight="100%" />
    </div>
  );
}

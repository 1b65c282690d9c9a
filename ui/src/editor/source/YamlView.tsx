import { useStore } from '../../app/store';
import { editor, setText, shownDoc } from '../editorStore';
import { stepKindCompletion } from './kindCompletion';
import LazyCodeEditor from './LazyCodeEditor';

const NO_PROBLEMS: never[] = [];
// the kinds are read when completing, so the list stays the same object and the editor is not rebuilt
const COMPLETIONS = [stepKindCompletion(() => editor.get().kinds.values())];

/** The document as YAML: the same text the canvas edits, so switching loses nothing. */
export default function YamlView() {
  const text = useStore(editor, (s) => shownDoc(s).text);
  const parseError = useStore(editor, (s) => shownDoc(s).parseError);
  const readOnly = useStore(editor, (s) => s.runView !== null);
  const schema = useStore(editor, (s) => s.flowSchema);
  const problems = useStore(editor, (s) => (s.runView ? NO_PROBLEMS : s.problems));
  const reveal = useStore(editor, (s) => s.revealLine);
  return (
    <div className="yaml-view" data-edits-document>
      {parseError && (
        <p className="field-error" role="alert">
          YAML does not parse{parseError.line ? ` (line ${parseError.line})` : ''}: {parseError.message} — the canvas shows the last version that did.
        </p>
      )}
      <LazyCodeEditor value={text} onChange={setText} language="yaml" label="Flow YAML" schema={schema} problems={problems} revealLine={reveal} minHeight="100%" readOnly={readOnly} completions={COMPLETIONS} />
    </div>
  );
}

import { autocompletion, closeBrackets, type CompletionSource } from '@codemirror/autocomplete';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { bracketMatching, foldGutter, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { yamlSchema } from 'codemirror-json-schema/yaml';
import { useEffect, useRef } from 'react';
import type { JsonSchema } from '../../model/schema';
import { changedPart } from './changedPart';

export interface CodeEditorProps {
  value: string;
  onChange: (text: string) => void;
  language: 'yaml' | 'javascript' | 'json';
  label: string;
  /** YAML only: the flow schema for completion and checks. */
  schema?: JsonSchema | null;
  /** Problems from the server, by line. */
  problems?: { line?: number; message: string; severity?: 'warning' }[];
  /** A line to select and scroll to; a new object (the same line again) asks again. */
  revealLine?: { line: number } | null;
  minHeight?: string;
  /** Shown, not edited (a saved version). */
  readOnly?: boolean;
  /** YAML only: completions besides the schema's (the step kinds). */
  completions?: CompletionSource[];
}

function lang(l: CodeEditorProps['language'], schema?: JsonSchema | null, completions: CompletionSource[] = []): Extension[] {
  if (l === 'javascript') return [javascript()];
  if (l === 'json') return [json()];
  // autocompletion() asks every source the language data names: the schema's and these
  const extra = completions.map((c) => yamlLanguage.data.of({ autocomplete: c }));
  if (!schema) return [yaml(), ...extra];
  try {
    return [yamlSchema(schema as never), ...extra];
  } catch {
    return [yaml(), ...extra];
  }
}

/** CodeMirror 6, loaded lazily (see LazyCodeEditor). The text prop is the truth; edits go to onChange. */
export default function CodeEditor({ value, onChange, language, label, schema, problems, revealLine, minHeight, readOnly, completions }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const problemsRef = useRef(problems);
  problemsRef.current = problems;
  const lintConf = useRef(new Compartment());

  useEffect(() => {
    const serverLint = linter((v) => {
      const out: Diagnostic[] = [];
      for (const p of problemsRef.current ?? []) {
        if (!p.line || p.line > v.state.doc.lines) continue;
        const line = v.state.doc.line(p.line);
        out.push({ from: line.from, to: line.to, severity: p.severity ?? 'error', message: p.message });
      }
      return out;
    }, { delay: 100 });
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          foldGutter(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          autocompletion(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          // no history of its own: the text is the flow document's (the YAML, a step's script), whose
          // undo is the editor's (Ctrl+Z reaches it through useShortcuts); a second history here made
          // each of its undos one more edit there
          keymap.of([...defaultKeymap, indentWithTab]),
          ...lang(language, schema, completions),
          lintGutter(),
          lintConf.current.of(serverLint),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorState.readOnly.of(!!readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
          EditorView.theme({ '&': { minHeight: minHeight ?? '120px' }, '.cm-scroller': { fontFamily: 'ui-monospace, monospace' } }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // the editor is created once per language; value changes are applied below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, schema, readOnly]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      // only the part that differs, so the cursor stays where it was (an undo, an edit in the form)
      v.dispatch({ changes: changedPart(v.state.doc.toString(), value) });
    }
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    // re-run the linter so server problems show
    v.dispatch({ effects: lintConf.current.reconfigure(linter((vv) => (problemsRef.current ?? []).filter((p) => p.line && p.line <= vv.state.doc.lines).map((p) => { const l = vv.state.doc.line(p.line!); return { from: l.from, to: l.to, severity: p.severity ?? ('error' as const), message: p.message }; }), { delay: 50 })) });
  }, [problems]);

  useEffect(() => {
    const v = view.current;
    if (!v || !revealLine || revealLine.line > v.state.doc.lines) return;
    const line = v.state.doc.line(revealLine.line);
    v.dispatch({ selection: { anchor: line.from }, effects: EditorView.scrollIntoView(line.from, { y: 'center' }) });
    v.focus();
  }, [revealLine]);

  return <div ref={host} className={`code-editor lang-${language}`} />;
}

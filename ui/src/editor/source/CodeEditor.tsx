import { autocompletion, closeBrackets, type CompletionSource } from '@codemirror/autocomplete';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { bracketMatching, foldGutter, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, type Extension, type Text } from '@codemirror/state';
import { EditorView, highlightActiveLine, hoverTooltip, keymap, lineNumbers } from '@codemirror/view';
import { getJSONSchema, handleRefresh, stateExtensions } from 'codemirror-json-schema';
import { yamlSchemaHover, yamlSchemaLinter } from 'codemirror-json-schema/yaml';
import { Draft07 } from 'json-schema-library';
import { useEffect, useRef } from 'react';
import type { JsonSchema } from '../../model/schema';
import { changedPart } from './changedPart';
import { yamlStatePointers } from './yamlPointers';
import { yamlSchemaCompletion } from './schemaCompletion';

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
    return [...yamlSchemaChecks(schema), ...extra];
  } catch {
    return [yaml(), ...extra];
  }
}

/** The texts the schema's checks have run on: running them again there is free. */
const checkedTexts = new WeakSet<Text>();

/**
 * What codemirror-json-schema's yamlSchema() gives (the schema's checks, completion and hover), but with the
 * checks' pointers found in one walk (yamlWithPointers), the text parsed once for the checks and the completion,
 * the schema compiled once, and the checks run once per text: a new answer of the server reconfigures the
 * linting (see below), which runs every linter again, on the same text. On a flow of 600 steps each key took
 * 450 ms, most of it in these, and a paste of 50 KB froze the page for seconds.
 */
function yamlSchemaChecks(schema: JsonSchema): Extension[] {
  // compiled once: the library compiles the schema it is given for each completion (60 ms a key) and each
  // check, unless it is compiled already
  const compiled = new Draft07(schema as never).rootSchema;
  const check = yamlSchemaLinter({ jsonParser: yamlStatePointers });
  let last: { doc: Text; schema: unknown; found: Diagnostic[] } | null = null;
  const once = (view: EditorView): Diagnostic[] => {
    const { doc } = view.state;
    const current = getJSONSchema(view.state);
    if (last?.doc !== doc || last.schema !== current) last = { doc, schema: current, found: check(view) };
    checkedTexts.add(doc);
    return last.found;
  };
  // after a pause in typing, not after each key: the linters' delay is the longest any of them asks for
  return [yaml(), linter(once, { needsRefresh: handleRefresh, delay: 750 }), yamlLanguage.data.of({ autocomplete: yamlSchemaCompletion() }), hoverTooltip(yamlSchemaHover()), stateExtensions(compiled)];
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
    // shown now, not after the schema checks' delay, when that runs them on a text they checked already; on
    // a text typed since, they wait for the pause in typing (they take a while on a big flow)
    if (language !== 'yaml' || !schema || checkedTexts.has(v.state.doc)) forceLinting(v);
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

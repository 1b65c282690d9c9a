import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import type { Text } from '@codemirror/state';
import type { StepKind } from '../../model/schema';

/**
 * Completes the value of a step's `type:` in the YAML view with the step kinds of GET /api/steps.
 * A step is a mapping that is an item of a list (`- id: ...`); the trigger's `type:` is not, so it is
 * left to the schema's completion.
 */
export function stepKindCompletion(kinds: () => Iterable<StepKind>): CompletionSource {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const m = /^(\s*)(-\s+)?type:\s*(["']?)([\w-]*)$/.exec(line.text.slice(0, ctx.pos - line.from));
    if (!m) return null;
    const typed = m[4];
    if (!typed && !ctx.explicit) return null;
    const keyColumn = m[1].length + (m[2]?.length ?? 0);
    if (!m[2] && !inListItem(ctx.state.doc, line.number, keyColumn)) return null;
    const options: Completion[] = [...kinds()].map((k) => ({ label: k.kind, detail: k.title, info: k.description, type: 'enum' }));
    return { from: ctx.pos - typed.length, options, validFor: /^[\w-]*$/ };
  };
}

/** Whether the key starting at `column` on line `lineNo` belongs to a mapping that is a list item. */
function inListItem(doc: Text, lineNo: number, column: number): boolean {
  for (let n = lineNo - 1; n >= 1; n--) {
    const text = doc.line(n).text;
    if (!text.trim() || text.trim().startsWith('#')) continue;
    const dash = /^(\s*-\s+)\S/.exec(text);
    if (dash && dash[1].length === column) return true;
    const indent = text.length - text.trimStart().length;
    if (indent < column) return false;
  }
  return false;
}

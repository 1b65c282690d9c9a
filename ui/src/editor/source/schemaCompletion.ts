import type { CompletionContext, CompletionSource } from '@codemirror/autocomplete';
import { getJSONSchema, JSONCompletion } from 'codemirror-json-schema';
import { Draft07 } from 'json-schema-library';
import { yamlStatePointers } from './yamlPointers';

/** What JSONCompletion keeps of the schema between completions (its private fields). */
interface Prepared {
  originalSchema: unknown;
  schema: unknown;
  laxSchema: unknown;
}

/**
 * The schema's completion for YAML (codemirror-json-schema's yamlCompletion) with its schema prepared once.
 * The library means to prepare it once (an expanded and a lax copy), and to compile them, but it never records
 * which schema it prepared: it did all that on every key, 60 ms a key on the flow schema. After the first
 * completion the copies are recorded, compiled, so later ones go straight to completing.
 */
export function yamlSchemaCompletion(): CompletionSource {
  const completion = new JSONCompletion({ mode: 'yaml', jsonParser: yamlStatePointers });
  const kept = completion as unknown as Prepared;
  return (ctx: CompletionContext) => {
    const result = completion.doComplete(ctx);
    const schema = getJSONSchema(ctx.state);
    if (kept.originalSchema !== schema && kept.schema && kept.laxSchema) {
      kept.schema = new Draft07(kept.schema as never).rootSchema;
      kept.laxSchema = new Draft07(kept.laxSchema as never).rootSchema;
      kept.originalSchema = schema;
    }
    return Array.isArray(result) ? null : result; // its "nothing" without a schema
  };
}

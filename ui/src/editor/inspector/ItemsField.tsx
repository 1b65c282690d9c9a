import type { Path } from '../../model/paths';
import type { JsonSchema } from '../../model/schema';
import { isObject, newBranch } from '../../model/schema';
import { editField } from '../editorStore';
import SchemaField from './SchemaField';

/** An array of objects whose items hold step lists (e.g. choice's `when`): one sub-form per item. */
export default function ItemsField({ path, schema, value }: { path: Path; schema: JsonSchema; value: unknown[] }) {
  const item = schema.items!;
  return (
    <div className="items">
      {value.map((v, i) => (
        <div className="item" key={i}>
          <div className="item-head">
            <strong>
              {schema.title ?? 'Item'} {i + 1}
            </strong>
            <button type="button" aria-label={`Remove ${schema.title ?? 'item'} ${i + 1}`} onClick={() => editField(path, value.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
          {Object.entries(item.properties ?? {}).map(([k, p]) => (
            <SchemaField key={k} name={k} schema={p} path={[...path, i, k]} value={isObject(v) ? v[k] : undefined} required={item.required?.includes(k)} />
          ))}
        </div>
      ))}
      <button type="button" onClick={() => editField(path, [...value, newBranch(item)])}>
        Add {(schema.title ?? 'item').toLowerCase()} branch
      </button>
    </div>
  );
}

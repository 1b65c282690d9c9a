import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { dragOver, dropAt } from './dnd';
import type { CanvasNode } from './types';
import { editor } from '../editorStore';

function EmptyNode({ data }: NodeProps<CanvasNode>) {
  return (
    <div className="empty-node" data-list={data.insert?.list} onDragOver={dragOver} onDrop={(e) => data.insert && dropAt(e, data.insert)}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {data.label}
      {data.insert && !data.readOnly && (
        // the branch's "+" for those who click or use the keyboard instead of dragging
        <button
          type="button"
          className="edge-insert empty-insert nodrag nopan"
          data-list={data.insert.list}
          aria-label={`Insert a step ${data.insert.where ?? `into the empty ${data.insert.list}`}`}
          title="Insert a step here (or drop one from the palette)"
          onClick={() => editor.set({ pendingInsert: data.insert! })}
        >
          +
        </button>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export default memo(EmptyNode);

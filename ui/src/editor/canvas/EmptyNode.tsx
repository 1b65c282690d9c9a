import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { dragOver, dropAt } from './dnd';
import type { CanvasNode } from './types';

function EmptyNode({ data }: NodeProps<CanvasNode>) {
  return (
    <div className="empty-node" data-list={data.insert?.list} onDragOver={dragOver} onDrop={(e) => data.insert && dropAt(e, data.insert)}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {data.label}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export default memo(EmptyNode);

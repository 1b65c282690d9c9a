import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { dragOver, dropAt } from './dnd';
import type { CanvasNode } from './types';

function EndNode({ data }: NodeProps<CanvasNode>) {
  return (
    <div className="end-node" onDragOver={dragOver} onDrop={(e) => data.insert && dropAt(e, data.insert)}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      end
    </div>
  );
}

export default memo(EndNode);

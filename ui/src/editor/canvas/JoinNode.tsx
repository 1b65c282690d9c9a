import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CanvasNode } from './types';

function JoinNode(_: NodeProps<CanvasNode>) {
  return (
    <div className="join-node" aria-hidden="true">
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export default memo(JoinNode);

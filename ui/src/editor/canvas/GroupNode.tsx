import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CanvasNode } from './types';

function GroupNode({ data }: NodeProps<CanvasNode>) {
  return (
    <div className={`group-node${data.status ? ` status-${data.status.toLowerCase()}` : ''}`} aria-hidden="true">
      <span className="group-label">{data.label}</span>
    </div>
  );
}

export default memo(GroupNode);

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { dragOver, dropAt } from './dnd';
import type { CanvasNode } from './types';
import { editor } from '../editorStore';

function TriggerNode({ data, selected }: NodeProps<CanvasNode>) {
  return (
    <div className={`flow-node trigger-node${selected ? ' is-selected' : ''}${data.problems?.length ? (data.warningsOnly ? ' has-warnings' : ' has-problems') : ''}`} onDragOver={dragOver} onDrop={(e) => data.insert && dropAt(e, data.insert)}>
      <button type="button" className="node-main nodrag" tabIndex={-1} onClick={() => editor.set({ selected: 'trigger', panel: 'inspector' })} aria-label={`Trigger: ${data.label}`}>
        <span className="node-label">⚡ {data.label}</span>
        <span className="node-kind">trigger</span>
      </button>
      {data.problems && data.problems.length > 0 && (
        <span className={`node-problem${data.warningsOnly ? ' warn' : ''}`} title={data.problems.join('\n')}>
          ⚠ {data.problems.length}
        </span>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export default memo(TriggerNode);

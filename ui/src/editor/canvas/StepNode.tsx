import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { dragOver, dropAt, MOVE_MIME } from './dnd';
import type { CanvasNode } from './types';
import { editor, removeStep } from '../editorStore';

const STATUS_MARK: Record<string, string> = { RUNNING: '⟳', SUCCEEDED: '✓', FAILED: '✕', CANCELLED: '⊘' };

function StepNode({ id, data, selected }: NodeProps<CanvasNode>) {
  const cls = ['flow-node', 'step-node', `cat-${data.category ?? 'none'}`, data.status ? `status-${data.status.toLowerCase()}` : '', data.problems?.length ? (data.warningsOnly ? 'has-warnings' : 'has-problems') : '', selected ? 'is-selected' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={cls}
      data-path={data.path}
      data-status={data.status}
      onDragOver={dragOver}
      onDrop={(e) => data.insert && dropAt(e, data.insert)}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {!data.readOnly && (
        <span
          className="grip nodrag"
          draggable
          title="Drag to move this step onto a + between steps"
          aria-hidden="true"
          onDragStart={(e) => {
            e.dataTransfer.setData(MOVE_MIME, id);
            e.dataTransfer.effectAllowed = 'move';
          }}
        >
          ⠿
        </span>
      )}
      <button type="button" className="node-main nodrag" tabIndex={-1} onClick={() => editor.set({ selected: id, panel: 'inspector' })} aria-label={`Step ${data.label} (${data.kind})`}>
        <span className="node-label">{data.label}</span>
        <span className="node-kind">
          {data.title ?? data.kind}
          {data.branches ? ` · ${data.branches} branch${data.branches > 1 ? 'es' : ''}` : ''}
        </span>
      </button>
      {data.status && (
        <span className="node-status" title={data.status} role="img" aria-label={`${data.status.toLowerCase()}${data.attempts && data.attempts > 1 ? ` after ${data.attempts} attempts` : ''}`}>
          {STATUS_MARK[data.status] ?? '–'}
          {data.attempts && data.attempts > 1 ? ` ×${data.attempts}` : ''}
        </span>
      )}
      {data.problems && data.problems.length > 0 && (
        <span className={`node-problem${data.warningsOnly ? ' warn' : ''}`} title={data.problems.join('\n')} role="img" aria-label={`${data.problems.length} ${data.warningsOnly ? 'warning' : 'problem'}(s): ${data.problems.join('; ')}`}>
          ⚠ {data.problems.length}
        </span>
      )}
      {selected && !data.readOnly && (
        <button type="button" className="node-delete nodrag" aria-label={`Delete step ${data.label}`} title="Delete (Del)" onClick={() => removeStep(id)}>
          ✕
        </button>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export default memo(StepNode);

import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { dragOver, dropAt } from './dnd';
import type { CanvasEdge } from './types';
import { editor } from '../editorStore';

/** An edge with an optional branch label and a "+" that inserts a step there (click, or drop a kind). */
function InsertEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd }: EdgeProps<CanvasEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 8 });
  const insert = data?.insert;
  const midY = targetY - 24;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} />
      <EdgeLabelRenderer>
        {data?.label && (
          <div className="edge-label" style={{ transform: `translate(-50%, -50%) translate(${targetX}px, ${targetY - 36}px)` }} title={data.label}>
            {data.label}
          </div>
        )}
        {insert && (
          <button
            type="button"
            className="edge-insert nodrag nopan"
            data-list={insert.list}
            data-index={insert.index}
            aria-label={`Insert a step ${insert.where ?? `into ${insert.list} at position ${insert.index + 1}`}`}
            title="Insert a step here (or drop one from the palette)"
            style={{ transform: `translate(-50%, -50%) translate(${data?.label ? targetX : labelX}px, ${data?.label ? midY + 10 : labelY}px)` }}
            onClick={() => editor.set({ pendingInsert: insert })}
            onDragOver={dragOver}
            onDrop={(e) => dropAt(e, insert)}
          >
            +
          </button>
        )}
      </EdgeLabelRenderer>
    </>
  );
}

export default memo(InsertEdge);

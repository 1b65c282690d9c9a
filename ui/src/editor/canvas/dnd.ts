import type { InsertPoint } from '../../model/graph';
import { addStep, moveTo } from '../editorStore';

export const KIND_MIME = 'application/x-flows-kind';
export const MOVE_MIME = 'application/x-flows-move';

export function acceptsDrop(e: React.DragEvent): boolean {
  const types = Array.from(e.dataTransfer.types);
  return types.includes(KIND_MIME) || types.includes(MOVE_MIME);
}

/** A palette kind dropped at an insert point adds a step; a dragged step moves there. */
export function dropAt(e: React.DragEvent, at: InsertPoint): void {
  e.preventDefault();
  e.stopPropagation();
  const kind = e.dataTransfer.getData(KIND_MIME);
  const move = e.dataTransfer.getData(MOVE_MIME);
  if (kind) addStep(kind, at);
  else if (move) moveTo(move, at);
}

export function dragOver(e: React.DragEvent): void {
  if (!acceptsDrop(e)) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = Array.from(e.dataTransfer.types).includes(MOVE_MIME) ? 'move' : 'copy';
}

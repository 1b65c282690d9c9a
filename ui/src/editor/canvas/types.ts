import type { Edge, Node } from '@xyflow/react';
import type { GraphNodeData, InsertPoint } from '../../model/graph';

export interface CanvasNodeData extends GraphNodeData {
  title?: string;
  category?: string;
  status?: string;
  attempts?: number;
  problems?: string[];
  /** Its problems are all warnings: marked as such, not as wrong. */
  warningsOnly?: boolean;
  selected?: boolean;
  /** A run view: the step cannot be moved or deleted. */
  readOnly?: boolean;
}

export type CanvasNode = Node<CanvasNodeData>;
export type CanvasEdge = Edge<{ insert?: InsertPoint; label?: string }>;

import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import EmptyNode from './EmptyNode';
import EndNode from './EndNode';
import GroupNode from './GroupNode';
import InsertEdge from './InsertEdge';
import JoinNode from './JoinNode';
import StepNode from './StepNode';
import TriggerNode from './TriggerNode';

/** Defined once, outside components, so React Flow never sees new objects. */
export const nodeTypes: NodeTypes = { step: StepNode, trigger: TriggerNode, join: JoinNode, end: EndNode, empty: EmptyNode, group: GroupNode };
export const edgeTypes: EdgeTypes = { insert: InsertEdge };

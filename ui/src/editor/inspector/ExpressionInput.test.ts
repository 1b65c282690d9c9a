import { describe, expect, it } from 'vitest';
import { splitExpressions } from './ExpressionInput';

describe('expression highlighting', () => {
  it('finds ${...} parts, nested braces and literal $${', () => {
    expect(splitExpressions('${vars.erpBase}/orders')).toEqual([{ text: '${vars.erpBase}', expr: true }, { text: '/orders', expr: false }]);
    expect(splitExpressions('${ {a: 1} }')).toEqual([{ text: '${ {a: 1} }', expr: true }]);
    expect(splitExpressions('cost $${x}')).toEqual([{ text: 'cost $${x}', expr: false }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './schema';
import { applicableProps, fieldCondition, fieldsLeftBehind, groupChoice, shownDescription } from './schema';

// the trigger part of GET /api/schema/flow, as the service serves it (descriptions say which type a field is for)
const trigger: JsonSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['manual', 'webhook', 'schedule'], description: 'manual (REST, CLI, editor), webhook (POST /hooks/{path}) or schedule (cron).' },
    path: { type: 'string', description: 'webhook: the path under /hooks/.' },
    signature: {
      type: 'object',
      required: ['scheme'],
      description: 'webhook: how deliveries are signed; without it the hook is open.',
      properties: {
        scheme: { type: 'string', enum: ['standard-webhooks', 'github', 'hmac'], description: 'standard-webhooks, github or hmac.' },
        secret: { type: 'string', description: 'Usually ${secrets.NAME}.' },
        secrets: { type: 'array', description: 'Instead of secret: several secrets, any of which may sign (for rotation).' },
        header: { type: 'string', description: 'hmac: the header carrying the signature, default x-signature.' },
      },
    },
    idempotencyKey: { type: 'string', description: 'webhook: expression over body, headers, query naming a delivery.' },
    cron: { type: 'string', description: 'schedule: six-field cron (seconds first), e.g. 0 */5 * * * *.' },
    timezone: { type: 'string', description: 'schedule: IANA zone for the cron, default UTC.' },
    misfire: { type: 'string', enum: ['run-once', 'skip'], description: 'schedule: what happens to ticks missed ...' },
  },
};

describe('fields that apply to one trigger type', () => {
  it('reads which type a field is for from its description', () => {
    expect(fieldCondition(trigger, 'path')).toEqual({ field: 'type', values: ['webhook'] });
    expect(fieldCondition(trigger, 'cron')).toEqual({ field: 'type', values: ['schedule'] });
    expect(fieldCondition(trigger, 'type')).toBeNull();
    expect(fieldCondition(trigger.properties!.signature, 'secrets')).toBeNull();
    expect(fieldCondition(trigger.properties!.signature, 'header')).toEqual({ field: 'scheme', values: ['hmac'] });
  });
  it('shows a manual trigger (also a missing one) only its type', () => {
    expect(applicableProps(trigger, { type: 'manual' })).toEqual(['type']);
    expect(applicableProps(trigger, {}, { type: 'manual' })).toEqual(['type']);
  });
  it('shows a webhook its fields and a schedule its own', () => {
    expect(applicableProps(trigger, { type: 'webhook' })).toEqual(['type', 'path', 'signature', 'idempotencyKey']);
    expect(applicableProps(trigger, { type: 'schedule' })).toEqual(['type', 'cron', 'timezone', 'misfire']);
    expect(applicableProps(trigger.properties!.signature, { scheme: 'github' })).toEqual(['scheme', 'secret', 'secrets']);
  });
  it('drops the fields of the old type when the type changes', () => {
    expect(fieldsLeftBehind(trigger, { type: 'webhook', path: 'orders', idempotencyKey: '${body.id}' }, 'type', 'schedule')).toEqual(['path', 'idempotencyKey']);
    expect(fieldsLeftBehind(trigger, { type: 'schedule', cron: '0 * * * * *' }, 'type', 'schedule')).toEqual([]);
  });
  it('shows a description without the condition the form applies already', () => {
    expect(shownDescription(trigger, 'path')).toBe('The path under /hooks/.');
    expect(shownDescription(trigger, 'signature')).toBe('How deliveries are signed; without it the hook is open.');
    expect(shownDescription(trigger.properties!.signature, 'header')).toBe('The header carrying the signature, default x-signature.');
    expect(shownDescription(trigger, 'type')).toBe('manual (REST, CLI, editor), webhook (POST /hooks/{path}) or schedule (cron).');
  });
  it('adds a signature by choosing its scheme; a group without a required choice has none', () => {
    expect(groupChoice(trigger.properties!.signature)).toBe('scheme');
    expect(groupChoice(trigger)).toBe(null); // type has values but is not required in this fixture
    expect(groupChoice({ type: 'object', required: ['min'], properties: { min: { type: 'string' } } })).toBe(null);
  });
  it("reads a condition that names its choice (an injected fault's mode), not a field's own values", () => {
    const fault: JsonSchema = {
      type: 'object',
      properties: {
        mode: { type: 'string', enum: ['fail', 'latency', 'timeout', 'respond'] },
        error: { type: 'object', description: 'mode fail: the error to raise.' },
        latency: { type: 'object', description: 'mode latency: how long to wait.' },
        onError: { type: 'string', enum: ['fail', 'continue'], description: "fail: the execution fails; continue: the step's output is its input." },
      },
    };
    expect(fieldCondition(fault, 'error')).toEqual({ field: 'mode', values: ['fail'] });
    expect(fieldCondition(fault, 'onError')).toBeNull();
    expect(applicableProps(fault, { mode: 'latency' })).toEqual(['mode', 'latency', 'onError']);
    expect(shownDescription(fault, 'error')).toBe('The error to raise.');
    expect(fieldsLeftBehind(fault, { mode: 'fail', error: { code: 'X' } }, 'mode', 'respond')).toEqual(['error']);
  });
});

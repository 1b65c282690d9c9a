import { afterEach, describe, expect, it, vi } from 'vitest';
import { kinds } from '../model/fixtures/kinds';
import { addStep, copy, cut, editField, editor, holdNotice, isDirty, moveTo, NOTICE_MS, notify, nudge, openDocument, paste, redo, removeStep, save, undo } from './editorStore';
import { parseFlow } from '../model/document';

const SRC = '# mine\nid: f\ntrigger: { type: manual }\nsteps:\n  - id: a # first\n    type: transform\n    script: return 1\n';
const ids = () => ((editor.get().fd.json as { steps: { id: string }[] }).steps ?? []).map((s) => s.id);

describe('editor store', () => {
  it('edits the document from the canvas, with undo/redo, selection and comments kept', () => {
    editor.set({ kinds });
    openDocument('f', SRC, 1);
    addStep('delay', { list: 'steps', index: 1 });
    expect(ids()).toEqual(['a', 'delay1']);
    expect(editor.get().selected).toBe('steps[1]');
    expect(isDirty(editor.get())).toBe(true);
    copy('steps[1]');
    paste();
    expect(ids()).toEqual(['a', 'delay1', 'delay2']);
    nudge('steps[2]', -1);
    expect(editor.get().selected).toBe('steps[1]');
    moveTo('steps[0]', { list: 'steps', index: 3 });
    expect(ids()).toEqual(['delay2', 'delay1', 'a']);
    removeStep('steps[0]');
    expect(ids()).toEqual(['delay1', 'a']);
    expect(editor.get().fd.text).toContain('# mine');
    expect(editor.get().fd.text).toContain('# first');
    undo();
    expect(ids()).toEqual(['delay2', 'delay1', 'a']);
    redo();
    expect(ids()).toEqual(['delay1', 'a']);
    for (let i = 0; i < 10; i++) undo();
    expect(editor.get().fd.text).toBe(SRC);
    expect(isDirty(editor.get())).toBe(false);
  });
  it('writes a field the form adds where the form shows it, not at the end of its step', () => {
    const flowSchema = { type: 'object', properties: Object.fromEntries(['id', 'name', 'description', 'vars', 'trigger', 'steps', 'output'].map((k) => [k, k === 'steps' ? { 'x-steps': 'list', type: 'array' } : {}])) };
    editor.set({ kinds, flowSchema: flowSchema as never });
    openDocument('f', 'id: f\nsteps:\n  - id: route # pick one\n    type: choice\n    when:\n      - steps: []\n    otherwise: []\n  - id: call\n    type: connector-call\n    with: { url: "http://x" }\n', 1);
    editField(['steps', 0, 'when', 0, 'if'], '${input.big}');
    editField(['steps', 0, 'name'], 'Route');
    editField(['steps', 1, 'timeout'], '5s');
    editField(['steps', 1, 'retry', 'delay'], '1s');
    editField(['steps', 1, 'retry', 'maxAttempts'], 3);
    editField(['steps', 1, 'connection'], 'erp');
    editField(['steps', 1, 'description'], 'Books it');
    editField(['name'], 'Flow');
    expect(editor.get().fd.text).toBe(
      'id: f\nname: Flow\nsteps:\n  - id: route # pick one\n    type: choice\n    name: Route\n    when:\n      - if: ${input.big}\n        steps: []\n    otherwise: []\n' +
        '  - id: call\n    type: connector-call\n    description: Books it\n    connection: erp\n    with: { url: "http://x" }\n    timeout: 5s\n    retry:\n      maxAttempts: 3\n      delay: 1s\n',
    );
  });
  it('pastes the steps a text holds (a step copied in another tab), and copies a step as such a text', () => {
    editor.set({ kinds });
    openDocument('f', SRC, 1);
    const text = copy('steps[0]')!;
    openDocument('g', 'id: g\nsteps:\n  - id: a\n    type: delay\n    duration: 1s\n', 1);
    editor.set({ selected: 'steps[0]' });
    paste(text);
    expect(ids()).toEqual(['a', 'a1']);
    expect(editor.get().fd.text).toContain('script: return 1');
    paste('- { id: x, type: delay, duration: 1ms }\n- { id: y, type: transform, set: { b: "${steps.x.output}" } }\n');
    expect(ids()).toEqual(['a', 'a1', 'x', 'y']);
    expect(editor.get().selected).toBe('steps[3]');
    // pasted again: the second copy reads the first copy, not the steps pasted before
    paste('- { id: x, type: delay, duration: 1ms }\n- { id: y, type: transform, set: { b: "${steps.x.output}" } }\n');
    expect(ids()).toEqual(['a', 'a1', 'x', 'y', 'x1', 'y1']);
    expect(editor.get().fd.text).toContain('b: ${steps.x1.output}');
    // no text on the clipboard (an image, say): the last step copied here
    paste('');
    expect(ids()).toEqual(['a', 'a1', 'x', 'y', 'x1', 'y1', 'a2']);
  });
  it('says why text that holds no step does not paste, and does not paste an older copy instead', () => {
    editor.set({ kinds });
    openDocument('f', SRC, 1);
    copy('steps[0]');
    editor.set({ selected: 'steps[0]' });
    const said = (text: string) => {
      paste(text);
      expect(ids()).toEqual(['a']);
      return editor.get().message?.text;
    };
    expect(said('some text from an email')).toBe('The clipboard holds no step to paste: it is plain text, not a step.');
    expect(said('a: [')).toBe('The clipboard holds no step to paste: its text is not YAML or JSON.');
    expect(said('id: g\nsteps:\n  - { id: a, type: delay, duration: 1s }\n')).toBe(
      'The clipboard holds no step to paste: it holds a whole flow; copy steps from its steps list instead.',
    );
    expect(said('- { id: a, type: delay, duration: 1s }\n- hello\n')).toBe('The clipboard holds no step to paste: item 2 of its list is plain text, not a step.');
    expect(said('type: 42')).toBe('The clipboard holds no step to paste: it has type 42, not a step kind\'s name.');
  });
  it('says a cut step was cut, not copied', () => {
    editor.set({ kinds });
    openDocument('f', SRC, 1);
    addStep('delay', { list: 'steps', index: 1 });
    cut('steps[1]');
    expect(editor.get().message?.text).toBe("Cut step 'delay1'.");
    expect(ids()).toEqual(['a']);
  });
  it('shows the form of a step just added or pasted, whichever tab the side panel showed', () => {
    editor.set({ kinds });
    openDocument('f', SRC, 1);
    editor.set({ panel: 'run' });
    addStep('delay', { list: 'steps', index: 1 });
    expect(editor.get()).toMatchObject({ selected: 'steps[1]', panel: 'inspector' });
    copy('steps[1]');
    editor.set({ panel: 'executions' });
    paste();
    expect(editor.get()).toMatchObject({ selected: 'steps[2]', panel: 'inspector' });
    expect(editor.get().message?.text).toMatch(/^Pasted step 'delay\d+'\.$/);
  });
});

describe('notices', () => {
  afterEach(() => vi.useRealTimers());

  it('go by themselves, but not while held (hovered or focused), and never take an error away', () => {
    vi.useFakeTimers();
    openDocument('f', SRC, 1);
    notify('Saved as version 2.');
    vi.advanceTimersByTime(NOTICE_MS - 1);
    expect(editor.get().message?.text).toBe('Saved as version 2.');
    vi.advanceTimersByTime(1);
    expect(editor.get().message).toBeNull();

    notify('Saved as version 3.');
    holdNotice(true);
    vi.advanceTimersByTime(NOTICE_MS * 10);
    expect(editor.get().message?.text).toBe('Saved as version 3.');
    holdNotice(false);
    vi.advanceTimersByTime(NOTICE_MS);
    expect(editor.get().message).toBeNull();

    notify('Copied.');
    editor.set({ message: { kind: 'error', text: 'Not saved: boom' } });
    holdNotice(false);
    vi.advanceTimersByTime(NOTICE_MS * 2);
    expect(editor.get().message?.text).toBe('Not saved: boom');
  });

  it('does not send YAML that does not parse, and says why as the canvas does', async () => {
    openDocument('f', SRC, 1);
    const fetching = vi.spyOn(globalThis, 'fetch');
    editor.set({ fd: parseFlow('id: f\nsteps: [\n', editor.get().fd.json) });
    expect(await save()).toBe(false);
    expect(fetching).not.toHaveBeenCalled();
    expect(editor.get().message?.text).toMatch(/^Not saved\. The YAML does not parse \(line \d+\): ./);
    fetching.mockRestore();
  });
});

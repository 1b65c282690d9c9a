/**
 * Focuses the element that `selector` finds as soon as it is in the page, and is not `stale`: a canvas node
 * is rendered only once the viewport has moved to it, a form field only once the form has been built again.
 * Waits for the element (a DOM change) rather than for a time; gives up after `timeoutMs`.
 */
export function focusWhenPresent(selector: string, stale: Element | null = null, timeoutMs = 2000): void {
  const find = () => {
    const el = document.querySelector<HTMLElement>(selector);
    return el && el !== stale && el.isConnected ? el : null;
  };
  const now = find();
  if (now) {
    now.focus({ preventScroll: true });
    return;
  }
  const observer = new MutationObserver(() => {
    const el = find();
    if (!el) return;
    stop();
    el.focus({ preventScroll: true });
  });
  const timer = window.setTimeout(() => stop(), timeoutMs);
  const stop = () => {
    observer.disconnect();
    window.clearTimeout(timer);
  };
  observer.observe(document.body, { childList: true, subtree: true });
}

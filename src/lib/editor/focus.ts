// Keyboard focus helpers for leaving an editor: find the control that follows it in the page's tab order.

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), iframe, summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

function visible(el: HTMLElement): boolean {
  return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
}

/** The first focusable element after `scope` (outside it) in document order, or the first one before it. */
export function nextFocusable(scope: Element): HTMLElement | null {
  const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !scope.contains(el) && visible(el));
  return all.find((el) => scope.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) ?? all[0] ?? null;
}

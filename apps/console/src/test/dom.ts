// What a user perceives of an element, for assertions (the component tests have no jest-dom).

/** The text of the elements that describe `el` (`aria-describedby`), as a screen reader reads it out. */
export function descriptionOf(el: Element): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
    .join(' ');
}

/**
 * True when `el` is in the document and neither it nor an ancestor is hidden (`hidden`,
 * `display: none`, `visibility: hidden`, a closed `<details>`).
 */
export function isVisible(el: Element): boolean {
  if (!el.isConnected) return false;
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return false;
    const style = node.ownerDocument.defaultView?.getComputedStyle(node);
    if (style?.display === 'none' || style?.visibility === 'hidden') return false;
    if (node !== el && node.tagName === 'DETAILS' && !(node as HTMLDetailsElement).open) {
      if (node.firstElementChild?.tagName !== 'SUMMARY' || !node.firstElementChild.contains(el)) return false;
    }
  }
  return true;
}

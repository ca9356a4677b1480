import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, UIEvent } from 'react';
import { indexTree, pathToKey, scopeKey, SERVER_KEY, SITES_KEY, visibleRows } from './treeModel';
import type { ConnectionsNode, FlatRow } from './treeModel';

const ROW_HEIGHT = 22;
/** Rows rendered above and below the viewport. */
const OVERSCAN = 20;
/** Below this many visible rows every row is rendered (no windowing). */
const WINDOWING_THRESHOLD = 400;

interface ConnectionsTreeProps {
  tree: ConnectionsNode;
  /** Further roots below this server: the other servers registered with it (the farm). */
  moreRoots?: readonly ConnectionsNode[];
  /** The node the current page belongs to. */
  selectedKey: string | null;
  /** The user picked a node (click, Enter, Space, or moving with the arrow keys) of `server`'s tree. */
  onSelect(node: ConnectionsNode, server: string): void;
  /** The keys of the expanded nodes, after each change (the shell reads a server's tree once open). */
  onExpandedChange?(expanded: ReadonlySet<string>): void;
}

/**
 * IIS Manager's Connections tree as a WAI-ARIA tree (role=tree / treeitem with aria-level,
 * aria-setsize, aria-posinset), roving tabindex, selection following focus, and windowed rendering.
 */
const NO_ROOTS: readonly ConnectionsNode[] = [];

export function ConnectionsTree({
  tree,
  moreRoots = NO_ROOTS,
  selectedKey,
  onSelect,
  onExpandedChange,
}: ConnectionsTreeProps) {
  const index = useMemo(() => indexTree(tree, moreRoots), [tree, moreRoots]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([SERVER_KEY, SITES_KEY]));
  const [focusedKey, setFocusedKey] = useState<string>(selectedKey ?? SERVER_KEY);
  const [syncedSelection, setSyncedSelection] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowElements = useRef(new Map<string, HTMLDivElement>());
  const focusAfterRender = useRef(false);

  // A new page (from a link, the address bar, history) opens the tree down to its node — once the
  // node is there (another server's tree arrives after its page).
  const known = selectedKey !== null && index.has(selectedKey);
  const selection = selectedKey === null ? null : `${known ? '+' : '-'}${selectedKey}`;
  if (selection !== syncedSelection) {
    setSyncedSelection(selection);
    if (selectedKey !== null && known) {
      const ancestors = pathToKey(index, selectedKey).slice(0, -1);
      if (ancestors.some((k) => !expanded.has(k))) setExpanded(new Set([...expanded, ...ancestors]));
      setFocusedKey(selectedKey);
    }
  }

  useEffect(() => onExpandedChange?.(expanded), [expanded, onExpandedChange]);

  const rows = useMemo(() => visibleRows(tree, expanded, moreRoots), [tree, expanded, moreRoots]);
  const rowIndex = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows]);
  const focusIndex = rowIndex.get(focusedKey) ?? 0;
  const tabbableKey = rows[focusIndex]?.key ?? SERVER_KEY;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setViewport(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const scrollToIndex = useCallback(
    (i: number) => {
      const el = scrollRef.current;
      if (!el || viewport === 0) return;
      const top = i * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + viewport) el.scrollTop = top + ROW_HEIGHT - viewport;
      setScrollTop(el.scrollTop);
    },
    [viewport],
  );

  // Keep the selected node in view when the page changes (only then: not on every scroll).
  const rowIndexRef = useRef(rowIndex);
  rowIndexRef.current = rowIndex;
  useEffect(() => {
    const i = selectedKey === null ? undefined : rowIndexRef.current.get(selectedKey);
    if (i !== undefined) scrollToIndex(i);
  }, [selectedKey, scrollToIndex]);

  useEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    rowElements.current.get(tabbableKey)?.focus();
  });

  const toggle = (row: FlatRow) => {
    if (row.node.children.length === 0) return;
    const next = new Set(expanded);
    if (next.has(row.key)) next.delete(row.key);
    else {
      next.add(row.key);
      // Another server's root opens as this server's does: with its Sites open.
      if (row.node.server) next.add(scopeKey(row.server, SITES_KEY));
    }
    setExpanded(next);
  };

  const moveTo = (i: number, select: boolean) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!row) return;
    focusAfterRender.current = true;
    setFocusedKey(row.key);
    scrollToIndex(rowIndex.get(row.key) ?? 0);
    if (select && row.key !== selectedKey) onSelect(row.node, row.server);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[focusIndex];
    if (!row) return;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(focusIndex + 1, true);
        break;
      case 'ArrowUp':
        moveTo(focusIndex - 1, true);
        break;
      case 'Home':
        moveTo(0, true);
        break;
      case 'End':
        moveTo(rows.length - 1, true);
        break;
      case 'ArrowRight':
        if (row.node.children.length > 0 && !row.expanded) toggle(row);
        else if (row.expanded) moveTo(focusIndex + 1, true);
        break;
      case 'ArrowLeft':
        if (row.expanded) toggle(row);
        else if (row.parentKey !== null) moveTo(rowIndex.get(row.parentKey) ?? 0, true);
        break;
      case 'Enter':
      case ' ':
        onSelect(row.node, row.server);
        break;
      case '*': {
        // Expand every sibling, as Windows tree views do.
        const siblings = rows.filter((r) => r.parentKey === row.parentKey && r.node.children.length > 0);
        setExpanded(new Set([...expanded, ...siblings.map((r) => r.key)]));
        break;
      }
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const onScroll = (event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop);

  let rendered: FlatRow[];
  if (rows.length <= WINDOWING_THRESHOLD) rendered = rows;
  else {
    const height = viewport || 800;
    const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    rendered = rows.slice(first, last);
    // The tabbable row must exist so that Tab can reach the tree.
    const tabbable = rows[focusIndex];
    if (tabbable && (focusIndex < first || focusIndex >= last)) {
      rendered = focusIndex < first ? [tabbable, ...rendered] : [...rendered, tabbable];
    }
  }

  return (
    <div className="tree-scroll" ref={scrollRef} onScroll={onScroll}>
      <div
        role="tree"
        aria-label="Connections"
        className="tree"
        style={{ height: rows.length * ROW_HEIGHT }}
        onKeyDown={onKeyDown}
      >
        {rendered.map((row) => {
          const i = rowIndex.get(row.key) ?? 0;
          const hasChildren = row.node.children.length > 0;
          const selected = row.key === selectedKey;
          return (
            <div
              key={row.key}
              ref={(el) => {
                if (el) rowElements.current.set(row.key, el);
                else rowElements.current.delete(row.key);
              }}
              role="treeitem"
              aria-level={row.level}
              aria-setsize={row.setSize}
              aria-posinset={row.posInSet}
              aria-expanded={hasChildren ? row.expanded : undefined}
              aria-selected={selected}
              tabIndex={row.key === tabbableKey ? 0 : -1}
              className={`tree-row${selected ? ' selected' : ''}`}
              style={{ top: i * ROW_HEIGHT, paddingLeft: 4 + (row.level - 1) * 16 }}
              onClick={() => {
                setFocusedKey(row.key);
                onSelect(row.node, row.server);
              }}
              onDoubleClick={() => toggle(row)}
            >
              <span
                className={`twisty${hasChildren ? (row.expanded ? ' open' : ' closed') : ''}`}
                aria-hidden="true"
                onClick={(event) => {
                  event.stopPropagation();
                  setFocusedKey(row.key);
                  toggle(row);
                }}
              />
              <span
                className={`node-icon kind-${row.node.server ? 'remoteServer' : row.node.kind}`}
                aria-hidden="true"
              />
              <span className={`tree-label${row.node.error ? ' error-text' : ''}`}>{row.node.name}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

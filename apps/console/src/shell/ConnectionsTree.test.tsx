// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, expect, it } from 'vitest';
import type { TreeNode } from '@iis-console/contracts';
import { ConnectionsTree } from './ConnectionsTree';
import { nodeKey } from './treeModel';

afterEach(cleanup);

function bigTree(sites: number): TreeNode {
  return {
    kind: 'server',
    name: 'IISHOST',
    path: '',
    configPath: 'MACHINE/WEBROOT',
    children: [
      {
        kind: 'sites',
        name: 'Sites',
        path: '',
        configPath: 'MACHINE/WEBROOT/APPHOST',
        children: Array.from({ length: sites }, (_, i) => ({
          kind: 'site' as const,
          name: `Site${i + 1}`,
          path: `Site${i + 1}`,
          configPath: `MACHINE/WEBROOT/APPHOST/Site${i + 1}`,
          children: [],
        })),
      },
    ],
  };
}

function Harness({ tree }: { tree: TreeNode }) {
  const [selected, setSelected] = useState('server');
  return <ConnectionsTree tree={tree} selectedKey={selected} onSelect={(n) => setSelected(nodeKey(n))} />;
}

it('renders only the rows in view of 10,000 sites, with the ARIA tree structure', async () => {
  const user = userEvent.setup();
  render(<Harness tree={bigTree(10_000)} />);
  const tree = screen.getByRole('tree', { name: 'Connections' });
  const items = within(tree).getAllByRole('treeitem');
  expect(items.length).toBeLessThan(100);
  const site1 = within(tree).getByRole('treeitem', { name: 'Site1' });
  expect(site1.getAttribute('aria-level')).toBe('3');
  expect(site1.getAttribute('aria-setsize')).toBe('10000');
  expect(site1.getAttribute('aria-posinset')).toBe('1');

  // Keyboard: End reaches the last site (rendered on demand), Home goes back; selection follows.
  within(tree).getByRole('treeitem', { name: 'IISHOST' }).focus();
  await user.keyboard('{End}');
  const last = within(tree).getByRole('treeitem', { name: 'Site10000' });
  expect(last.getAttribute('aria-selected')).toBe('true');
  expect(document.activeElement).toBe(last);
  await user.keyboard('{Home}');
  expect(within(tree).getByRole('treeitem', { name: 'IISHOST' }).getAttribute('aria-selected')).toBe('true');

  // Collapsing Sites leaves two rows.
  await user.keyboard('{ArrowDown}{ArrowLeft}');
  expect(within(tree).getAllByRole('treeitem')).toHaveLength(2);
  expect(within(tree).getByRole('treeitem', { name: 'Sites' }).getAttribute('aria-expanded')).toBe('false');
});

// IIS Manager's Application Pools page: the list (Name, Status, .NET CLR Version, Managed Pipeline
// Mode, Identity, Applications) as a keyboard-usable grid, and the Actions pane's pool tasks. Writes
// carry the ETag of what the dialog shows; a stale one (412) writes nothing and offers Reload.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { Button } from 'react-aria-components';
import type { ApplicationPoolItem, ApplicationPoolsResponse } from '@iis-console/contracts';
import { ApiRequestError, errorMessage, isConfigFileError } from '../../api/client';
import { useCanWrite } from '../../auth/AuthContext';
import { ConfigErrorView } from '../../components/ConfigErrorView';
import { SAVED_MESSAGE, STALE_MESSAGE } from '../../editor/useConfigEditor';
import { ActionButton, ActionGroup, ActionLink, PageActions } from '../../shell/ActionsPane';
import {
  addPool,
  applicationPoolsQuery,
  changePool,
  controlPool,
  poolKeys,
  poolsSectionQuery,
  removePool,
  setPoolDefaults,
  type PoolChange,
  type PoolCommand,
} from './api';
import { AdvancedSettingsDialog } from './AdvancedSettingsDialog';
import {
  ApplicationsDialog,
  BasicSettingsDialog,
  RecyclingDialog,
  RemoveDialog,
  type WriteOutcome,
} from './PoolDialogs';
import { clrColumn, fieldErrors, type PoolSettings } from './poolModel';

type DialogKind = 'add' | 'basic' | 'recycling' | 'advanced' | 'defaults' | 'remove' | 'applications';

const COLUMNS = ['Name', 'Status', '.NET CLR Version', 'Managed Pipeline Mode', 'Identity', 'Applications'];

const COMMANDS: ReadonlyArray<{ command: PoolCommand; label: string; icon: string; done: string }> = [
  { command: 'start', label: 'Start', icon: '▶', done: 'started' },
  { command: 'stop', label: 'Stop', icon: '■', done: 'stopped' },
  { command: 'recycle', label: 'Recycle...', icon: '⟳', done: 'recycled' },
];

/** Why Start / Stop / Recycle cannot act on the pool now, or null. */
function commandUnavailable(
  command: PoolCommand,
  pool: ApplicationPoolItem,
  statusReason: string | null,
): string | null {
  if (pool.status === 'Unknown') return statusReason ?? 'The state of the application pool is unknown.';
  if (command === 'start' && pool.status !== 'Stopped') return `The application pool is ${pool.status}.`;
  if (command !== 'start' && pool.status !== 'Started') return `The application pool is ${pool.status}.`;
  return null;
}

/**
 * An action that stays focusable when unavailable (`aria-disabled`), with the reason as its
 * description and tooltip, so that keyboard and screen reader users learn why.
 */
function ControlAction({
  label,
  icon,
  reason,
  onPress,
}: {
  label: string;
  icon: string;
  reason: string | null;
  onPress(): void;
}) {
  return (
    <li>
      <button
        type="button"
        className="action"
        aria-disabled={reason !== null || undefined}
        aria-describedby={reason !== null ? 'pool-control-reason' : undefined}
        title={reason ?? undefined}
        onClick={() => {
          if (reason === null) onPress();
        }}
      >
        <span className="action-icon" aria-hidden="true">
          {icon}
        </span>
        {label}
      </button>
    </li>
  );
}

/** The writes of the page: the ETag, the list the server answers with, stale (412) and refusals. */
function usePoolWriter() {
  const client = useQueryClient();
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const run = async (
    write: () => Promise<ApplicationPoolsResponse>,
    message = SAVED_MESSAGE,
  ): Promise<WriteOutcome> => {
    setSaved(null);
    try {
      const list = await write();
      client.setQueryData(poolKeys.list, {
        items: list.items,
        statusReason: list.statusReason,
        etag: list.etag,
      });
      await client.invalidateQueries({ queryKey: ['application-pools'], exact: false });
      setSaved(message);
      return { ok: true };
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 412) {
        setStale(true);
        return { ok: true };
      }
      const fields = error instanceof ApiRequestError ? fieldErrors(error.errors) : {};
      return { ok: false, message: errorMessage(error), fields };
    }
  };
  const reload = async () => {
    setStale(false);
    await client.invalidateQueries({ queryKey: ['application-pools'], exact: false });
  };
  return { run, stale, saved, reload };
}

export function ApplicationPoolsPage() {
  const canWrite = useCanWrite();
  const list = useQuery(applicationPoolsQuery());
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const needsSection = dialog === 'recycling' || dialog === 'advanced' || dialog === 'defaults';
  const section = useQuery({ ...poolsSectionQuery(), enabled: needsSection });
  const [selectedName, setSelectedName] = useState<string | null>(null);
  const [controlError, setControlError] = useState<string | null>(null);
  const writer = usePoolWriter();
  const rows = useRef(new Map<string, HTMLTableRowElement>());

  const items = list.data?.items ?? [];
  const selected = items.find((p) => p.name.toLowerCase() === selectedName?.toLowerCase());
  const selectedIndex = selected ? items.indexOf(selected) : -1;
  const etag = list.data?.etag ?? '';
  const sectionEtag = section.data?.etag ?? etag;

  const poolSettings = (name: string): PoolSettings | undefined =>
    section.data?.collection?.items.find((i) => (i.key.name ?? '').toLowerCase() === name.toLowerCase());

  const select = (index: number) => {
    const pool = items[Math.max(0, Math.min(items.length - 1, index))];
    if (!pool) return;
    setSelectedName(pool.name);
    rows.current.get(pool.name)?.focus();
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: Math.max(0, selectedIndex - 1),
      Home: 0,
      End: items.length - 1,
      PageDown: selectedIndex + 10,
      PageUp: Math.max(0, selectedIndex - 10),
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      select(target);
    } else if (event.key === 'Enter' && selected) {
      event.preventDefault();
      setDialog('basic');
    } else if (event.key === 'Delete' && selected && canWrite) {
      event.preventDefault();
      setDialog('remove');
    }
  };

  const control = async (command: PoolCommand, done: string) => {
    if (!selected) return;
    setControlError(null);
    const outcome = await writer.run(
      () => controlPool(selected.name, command),
      `The application pool "${selected.name}" was ${done}.`,
    );
    if (!outcome.ok) setControlError(outcome.message);
  };

  const change = (name: string, body: PoolChange, tag = sectionEtag) =>
    writer.run(() => changePool(name, body, tag));

  if (list.isError && isConfigFileError(list.error)) return <ConfigErrorView error={list.error} />;

  const close = () => setDialog(null);
  const tabbable = selected?.name ?? items[0]?.name;

  return (
    <div className="page application-pools-page">
      <header className="page-header">
        <h1>
          <span className="page-icon icon-app-pools" aria-hidden="true" />
          Application Pools
        </h1>
        <p className="page-description">
          This page lets you view and manage the list of application pools on the server. Application pools
          are associated with worker processes, contain one or more applications, and provide isolation among
          different applications.
        </p>
      </header>
      {!canWrite && (
        <p className="alert info">
          Read-only: your account can view the application pools but not change them.
        </p>
      )}
      {list.isError && (
        <p role="alert" className="alert error">
          {errorMessage(list.error)}
        </p>
      )}
      {writer.stale && (
        <div role="alert" className="alert error">
          <p>{STALE_MESSAGE}</p>
          <Button className="button" onPress={() => void writer.reload()}>
            Reload
          </Button>
        </div>
      )}
      {controlError && (
        <p role="alert" className="alert error">
          {controlError}
        </p>
      )}
      {needsSection && section.isError && (
        <p role="alert" className="alert error">
          {errorMessage(section.error)}
        </p>
      )}
      <div role="status" className="status-line">
        {writer.saved && <p className="alert success">{writer.saved}</p>}
      </div>
      <div className="grid-scroll">
        <table
          className="grid pools-grid"
          role="grid"
          aria-label="Application Pools"
          aria-busy={list.isFetching}
        >
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody onKeyDown={onGridKeyDown}>
            {items.map((pool, i) => {
              const isSelected = pool.name === selected?.name;
              return (
                <tr
                  key={pool.name}
                  ref={(el) => {
                    if (el) rows.current.set(pool.name, el);
                    else rows.current.delete(pool.name);
                  }}
                  aria-selected={isSelected}
                  tabIndex={pool.name === tabbable ? 0 : -1}
                  className={isSelected ? 'selected' : undefined}
                  onClick={() => select(i)}
                  onFocus={() => setSelectedName(pool.name)}
                  onDoubleClick={() => setDialog('basic')}
                >
                  <td role="gridcell">{pool.name}</td>
                  <td
                    role="gridcell"
                    title={pool.status === 'Unknown' ? (list.data?.statusReason ?? undefined) : undefined}
                  >
                    {pool.status}
                  </td>
                  <td role="gridcell">{clrColumn(pool.managedRuntimeVersion)}</td>
                  <td role="gridcell">{pool.managedPipelineMode}</td>
                  <td role="gridcell">{pool.identity}</td>
                  <td role="gridcell">{pool.applications}</td>
                </tr>
              );
            })}
            {list.isPending && (
              <tr>
                <td role="gridcell" colSpan={COLUMNS.length}>
                  Loading…
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="count" aria-live="polite">
        {list.data ? `${items.length} ${items.length === 1 ? 'application pool' : 'application pools'}` : ''}
      </p>

      <PageActions>
        <ActionGroup title="Actions">
          {canWrite && (
            <ActionButton icon="+" onPress={() => setDialog('add')} isDisabled={!list.data}>
              Add Application Pool...
            </ActionButton>
          )}
          <ActionButton icon="⚙" onPress={() => setDialog('defaults')} isDisabled={!list.data}>
            Set Application Pool Defaults...
          </ActionButton>
        </ActionGroup>
        {selected && canWrite && (
          <ActionGroup title="Application Pool Tasks">
            {COMMANDS.map(({ command, label, icon, done }) => (
              <ControlAction
                key={command}
                label={label}
                icon={icon}
                reason={commandUnavailable(command, selected, list.data?.statusReason ?? null)}
                onPress={() => void control(command, done)}
              />
            ))}
            {selected.status === 'Unknown' && (
              <li id="pool-control-reason" className="action-note">
                {list.data?.statusReason ?? 'The state of the application pool is unknown.'}
              </li>
            )}
          </ActionGroup>
        )}
        {selected && (
          <ActionGroup title="Edit Application Pool">
            <ActionButton icon="✎" onPress={() => setDialog('basic')}>
              Basic Settings...
            </ActionButton>
            <ActionButton icon="⟳" onPress={() => setDialog('recycling')}>
              Recycling...
            </ActionButton>
            <ActionButton icon="⚙" onPress={() => setDialog('advanced')}>
              Advanced Settings...
            </ActionButton>
            {canWrite && (
              <ActionButton icon="✖" onPress={() => setDialog('remove')}>
                Remove
              </ActionButton>
            )}
            <ActionButton icon="≡" onPress={() => setDialog('applications')}>
              View Applications
            </ActionButton>
          </ActionGroup>
        )}
        <ActionGroup>
          <ActionLink
            icon="?"
            href="https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/applicationpools/"
          >
            Help
          </ActionLink>
        </ActionGroup>
      </PageActions>

      {dialog === 'add' && (
        <BasicSettingsDialog
          onClose={close}
          readOnly={!canWrite}
          onAdd={async (body) => {
            const outcome = await writer.run(() => addPool(body, etag));
            if (outcome.ok) setSelectedName(body.name);
            return outcome;
          }}
          onChange={(name, body) => change(name, body, etag)}
        />
      )}
      {dialog === 'basic' && selected && (
        <BasicSettingsDialog
          pool={selected}
          onClose={close}
          readOnly={!canWrite}
          onAdd={(body) => writer.run(() => addPool(body, etag))}
          onChange={(name, body) => change(name, body, etag)}
        />
      )}
      {dialog === 'recycling' && selected && poolSettings(selected.name) && (
        <RecyclingDialog
          pool={selected.name}
          settings={poolSettings(selected.name)!}
          onClose={close}
          readOnly={!canWrite}
          onChange={(name, body) => change(name, body)}
        />
      )}
      {dialog === 'advanced' && selected && poolSettings(selected.name) && (
        <AdvancedSettingsDialog
          title="Advanced Settings"
          settings={poolSettings(selected.name)!}
          forPool
          onClose={close}
          readOnly={!canWrite}
          onSubmit={(body) => change(selected.name, body)}
        />
      )}
      {dialog === 'defaults' && section.data?.elements.applicationPoolDefaults && (
        <AdvancedSettingsDialog
          title="Application Pool Defaults"
          settings={section.data.elements.applicationPoolDefaults}
          forPool={false}
          onClose={close}
          readOnly={!canWrite}
          onSubmit={(body) => writer.run(() => setPoolDefaults(body, sectionEtag))}
        />
      )}
      {dialog === 'remove' && selected && (
        <RemoveDialog
          pool={selected.name}
          onClose={close}
          onRemove={async (name) => {
            const outcome = await writer.run(() => removePool(name, etag));
            if (outcome.ok) setSelectedName(null);
            return outcome;
          }}
        />
      )}
      {dialog === 'applications' && selected && <ApplicationsDialog pool={selected.name} onClose={close} />}
    </div>
  );
}

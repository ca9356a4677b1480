// The Actions pane of the Sites node and of a site, application or virtual directory, as IIS Manager
// fills it: Add Website…; for a site Edit Bindings…, Basic Settings…, Start / Stop (unavailable with
// the server's reason while the status is Unknown), Advanced Settings…; Add Application…, Add Virtual
// Directory…, Convert to Application (a virtual directory) and Remove. Readers see them disabled.

import { useState } from 'react';
import { useCanWrite } from '../../auth/AuthContext';
import { ActionButton, ActionGroup, ActionLink, PageActions } from '../../shell/ActionsPane';
import {
  AddChildDialog,
  AddWebsiteDialog,
  RemoveDialog,
  SiteBindingsDialog,
  SiteSettingsDialog,
  type SiteLevel,
} from './SiteDialogs';
import { useSiteWriter } from './useSiteWriter';

type Open =
  'add-website' | 'bindings' | 'basic' | 'advanced' | 'add-application' | 'add-vdir' | 'convert' | 'remove';

interface SiteActionsProps {
  /** The selected level (a row of the list, or the node of the Connections tree). */
  level: SiteLevel | undefined;
  /** applicationHost.config's ETag, as the level was read with. */
  etag: string | undefined;
  /** Why sites cannot be started or stopped here (their status is Unknown). */
  statusReason: string | null | undefined;
  /** The Sites node itself: Add Website… */
  withAddWebsite?: boolean;
  /** After the level was removed. */
  onRemoved?(): void;
}

const HELP = 'https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/';

export function SiteActions({ level, etag, statusReason, withAddWebsite, onRemoved }: SiteActionsProps) {
  const canWrite = useCanWrite();
  const writer = useSiteWriter(etag);
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => {
    writer.clearError();
    setOpen(null);
  };
  const action = (label: string, id: Open, icon: string, enabled = true) => (
    <ActionButton
      icon={icon}
      isDisabled={!canWrite || !enabled || etag === undefined}
      onPress={() => setOpen(id)}
    >
      {label}
    </ActionButton>
  );
  const site = level?.kind === 'site' ? level.site : undefined;
  const unknown = !site || site.status === 'Unknown';
  const startStopReason = unknown
    ? (statusReason ?? 'The status of this site is not known.')
    : 'Starting and stopping sites is not available from this console.';

  return (
    <>
      {writer.warnings.length > 0 && (
        <div role="status" className="alert warning site-write-warnings">
          {writer.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
      <PageActions>
        {withAddWebsite && <ActionGroup>{action('Add Website...', 'add-website', '+')}</ActionGroup>}
        {level?.kind === 'site' && (
          <>
            <ActionGroup title="Edit Site">
              {action('Edit Bindings...', 'bindings', '⇄', site !== undefined)}
              {action('Basic Settings...', 'basic', '✎', site !== undefined)}
            </ActionGroup>
            <ActionGroup title="Manage Website">
              <ActionButton icon="▶" isDisabled onPress={() => {}}>
                Start
              </ActionButton>
              <ActionButton icon="■" isDisabled onPress={() => {}}>
                Stop
              </ActionButton>
              <li className="action-note">{startStopReason}</li>
              {action('Advanced Settings...', 'advanced', '⚙', site !== undefined)}
            </ActionGroup>
          </>
        )}
        {level && (
          <ActionGroup title={level.kind === 'site' ? undefined : level.path}>
            {level.kind !== 'virtualDirectory' && action('Add Application...', 'add-application', '+')}
            {action('Add Virtual Directory...', 'add-vdir', '+')}
            {level.kind === 'virtualDirectory' && action('Convert to Application', 'convert', '⇪')}
            {action('Remove', 'remove', '✕')}
          </ActionGroup>
        )}
        {!canWrite && (
          <ActionGroup>
            <li className="action-note">Read-only: you are signed in as a reader.</li>
          </ActionGroup>
        )}
        <ActionGroup>
          <ActionLink icon="?" href={HELP}>
            Help
          </ActionLink>
        </ActionGroup>
      </PageActions>
      {open === 'add-website' && <AddWebsiteDialog writer={writer} onClose={close} />}
      {open === 'bindings' && site && <SiteBindingsDialog writer={writer} onClose={close} site={site} />}
      {(open === 'basic' || open === 'advanced') && site && (
        <SiteSettingsDialog writer={writer} onClose={close} site={site} advanced={open === 'advanced'} />
      )}
      {(open === 'add-application' || open === 'add-vdir' || open === 'convert') && level && (
        <AddChildDialog
          writer={writer}
          onClose={close}
          parent={level}
          kind={
            open === 'add-application' ? 'application' : open === 'add-vdir' ? 'virtualDirectory' : 'convert'
          }
        />
      )}
      {open === 'remove' && level && (
        <RemoveDialog
          writer={writer}
          level={level}
          onClose={close}
          onRemoved={() => {
            close();
            onRemoved?.();
          }}
        />
      )}
      {writer.question}
    </>
  );
}

// Another server registered with this console (the farm), at its node: its Features view — the pages
// of that server, through this console — with where it is, the certificate pinned, who its token signs
// in as and whether it answers now; Remove (asks first) and Accept Certificate… when the server presents
// another certificate than the one pinned. Rendered outside that server's ServerScope: the connection
// is this console's (its list of servers, its cache, its links), the Features view the server's.

import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { ServerStatus, ServerSummary } from '@iis-console/contracts';
import { useUser } from '../../auth/AuthContext';
import { ConfirmDialog, DialogButtons, ModalDialog } from '../../components/ModalDialog';
import { CheckBox } from '../../components/controls';
import { Link } from '../../routing/Link';
import { useRouter } from '../../routing/RouterContext';
import { ActionButton, ActionGroup, PageActions } from '../../shell/ActionsPane';
import { ServerScope } from '../../shell/ServerScope';
import { FeaturesView } from '../home/FeaturesView';
import { acceptCertificate, farmKeys, removeServer, serversQuery, serverStatusQuery } from './api';
import { connectError, ErrorAlert, type ConnectError } from './ConnectServerDialog';

export const FARM_HREF = '/farm';

function ConnectionStatus({ check }: { check: UseQueryResult<ServerStatus> }) {
  if (check.isPending) return <span>Checking…</span>;
  if (check.isError) return <span className="error-text">Not checked: {check.error.message}</span>;
  if (check.data.certificateChanged) return <span className="error-text">Certificate changed</span>;
  if (check.data.reachable) return <span>Connected</span>;
  return <span className="error-text">Not reachable: {check.data.message ?? check.data.code}</span>;
}

/** Where the server is, its certificate, who its token signs in as, and whether it answers now. */
function ConnectionDetails({
  server,
  check,
}: {
  server: ServerSummary;
  check: UseQueryResult<ServerStatus>;
}) {
  const presented = check.data?.certificateChanged ? check.data.fingerprint : null;
  return (
    <section className="farm-connection" aria-label="Server connection">
      <dl className="farm-properties">
        <dt>URL</dt>
        <dd>
          <a href={server.url ?? '#'} target="_blank" rel="noopener noreferrer">
            {server.url}
          </a>
        </dd>
        <dt>Certificate (SHA-256)</dt>
        <dd>
          {server.fingerprint ? (
            <code>{server.fingerprint}</code>
          ) : server.allowInsecure ? (
            'None: plain HTTP, the token travels unencrypted (confirmed when connected)'
          ) : (
            'None: plain HTTP on this computer'
          )}
        </dd>
        <dt>Signs in as</dt>
        <dd>
          {server.remoteUser ?? 'Unknown'}
          {server.remoteRole ? ` (${server.remoteRole})` : ''}
        </dd>
        <dt>Connected by</dt>
        <dd>
          {server.addedBy ?? 'Unknown'}
          {server.addedAt ? `, ${new Date(server.addedAt).toLocaleString()}` : ''}
        </dd>
        <dt>Status</dt>
        <dd>
          <ConnectionStatus check={check} />
        </dd>
      </dl>
      {presented !== null && (
        <div role="alert" className="alert error">
          The server presents another certificate than the one pinned: nothing is sent to it until an
          administrator accepts the new certificate.
        </div>
      )}
      <p className="field-description">
        Its pages below open here, through this console. Compare and change its session state with the others’
        in{' '}
        <Link href={FARM_HREF} server="local">
          Farm
        </Link>
        .
      </p>
    </section>
  );
}

function RemoveDialog({ server, onClose }: { server: ServerSummary; onClose(): void }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConnectError | null>(null);
  const remove = async () => {
    setBusy(true);
    try {
      await removeServer(server.id);
      await queryClient.invalidateQueries({ queryKey: farmKeys.servers });
      router.navigate('/');
    } catch (e) {
      setError(connectError(e));
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog title="Remove Connection" isBusy={busy} onYes={() => void remove()} onNo={onClose}>
      <p>
        Remove the connection to “{server.name}” ({server.url})? Its API token is deleted here; revoke it on
        that server too.
      </p>
      <ErrorAlert error={error} />
    </ConfirmDialog>
  );
}

function AcceptCertificateDialog({
  server,
  presented,
  onClose,
}: {
  server: ServerSummary;
  presented: string;
  onClose(): void;
}) {
  const queryClient = useQueryClient();
  const [trusted, setTrusted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConnectError | null>(null);
  const accept = async () => {
    setBusy(true);
    try {
      await acceptCertificate(server.id, presented);
      await queryClient.invalidateQueries({ queryKey: farmKeys.servers });
      await queryClient.invalidateQueries({ queryKey: farmKeys.compareAll });
      onClose();
    } catch (e) {
      setError(connectError(e));
      setBusy(false);
    }
  };
  return (
    <ModalDialog title="Accept Certificate" isOpen onClose={onClose}>
      <dl className="farm-properties">
        <dt>Pinned when added</dt>
        <dd>
          <code>{server.fingerprint}</code>
        </dd>
        <dt>Presented now</dt>
        <dd>
          <code>{presented}</code>
        </dd>
      </dl>
      <p className="field-description">
        Accept the new certificate only if the server really has a new one (compare the fingerprint on that
        server).
      </p>
      <CheckBox isSelected={trusted} onChange={setTrusted}>
        This is the server’s new certificate: trust it
      </CheckBox>
      <ErrorAlert error={error} />
      <DialogButtons>
        <Button className="button primary" isDisabled={busy || !trusted} onPress={() => void accept()}>
          Accept
        </Button>
        <Button className="button" onPress={onClose}>
          Cancel
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}

export function RemoteServerPage({ id }: { id: string }) {
  const user = useUser();
  const servers = useQuery(serversQuery());
  const server = servers.data?.servers.find((s) => s.id === id && !s.local);
  const check = useQuery({ ...serverStatusQuery(id), enabled: server !== undefined });
  const presented = check.data?.certificateChanged ? check.data.fingerprint : null;
  const [dialog, setDialog] = useState<'remove' | 'accept' | null>(null);
  const admin = user.role === 'administrator';

  if (servers.isPending) return <p className="pane-message">Loading…</p>;
  if (servers.isError)
    return (
      <p role="alert" className="pane-message error-text">
        {servers.error.message}
      </p>
    );
  if (!server)
    return (
      <div className="page">
        <h1>Server not found</h1>
        <p>
          No server with the id “{id}” is connected to this console.{' '}
          <Link href="/">Go to the start page</Link>.
        </p>
      </div>
    );

  return (
    <>
      <ServerScope server={id}>
        <FeaturesView
          path=""
          serverName={server.name}
          details={<ConnectionDetails server={server} check={check} />}
        />
      </ServerScope>
      <PageActions>
        <ActionGroup title="Manage Server">
          {presented !== null && (
            <ActionButton
              icon="✔"
              isDisabled={!admin || presented === ''}
              onPress={() => setDialog('accept')}
            >
              Accept Certificate…
            </ActionButton>
          )}
          <ActionButton icon="✖" isDisabled={!admin} onPress={() => setDialog('remove')}>
            Remove
          </ActionButton>
          {!admin && <li className="action-note">Only administrators can change connections.</li>}
        </ActionGroup>
      </PageActions>
      {dialog === 'remove' && <RemoveDialog server={server} onClose={() => setDialog(null)} />}
      {dialog === 'accept' && presented && (
        <AcceptCertificateDialog server={server} presented={presented} onClose={() => setDialog(null)} />
      )}
    </>
  );
}

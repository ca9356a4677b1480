import { Button } from 'react-aria-components';
import { errorMessage } from '../../api/client';
import { useStateService, useStateServiceMutations } from '../state-service/useStateService';
import { isLocalHost, stateServerAddress } from './connectionStrings';

/**
 * With State Server selected and a connection string pointing at this machine: the local ASP.NET
 * State Service must run, should start automatically, and must listen on the connection string's port
 * (docs/session-state.md §3.8). Shows nothing when the server has no service API. When the advisor
 * already says so for the saved configuration (`advised`: its StateServiceStopped warning, with its
 * fix, next to the connection string), only the port is checked here.
 */
export function StateServiceWarning({
  connectionString,
  connectionStrings,
  machineName,
  canWrite,
  advised = false,
}: {
  connectionString: string;
  connectionStrings: ReadonlyArray<{ name: string; connectionString: string }>;
  machineName: string | undefined;
  canWrite: boolean;
  advised?: boolean;
}) {
  const address = stateServerAddress(connectionString, connectionStrings);
  const local = address !== undefined && isLocalHost(address.server, machineName);
  const service = useStateService(local);
  const { control, update } = useStateServiceMutations();
  const s = service.data;
  if (!local || !s) return null;

  const notReady = !advised && (s.status !== 'Running' || s.startupType !== 'Automatic');
  const portMismatch = address.port !== s.settings.port;
  if (!notReady && !portMismatch) return null;
  const failure = control.error ?? update.error;

  return (
    <div className="state-service-warning">
      {notReady && (
        <div role="alert" className="alert warning">
          <p>
            The ASP.NET State Service on this server is {s.status} (startup type {s.startupType}). State
            Server mode needs it running; its start behavior should be Automatic.
          </p>
          <p className="alert-buttons">
            <Button
              className="button"
              isDisabled={
                !canWrite || s.status !== 'Stopped' || s.startupType === 'Disabled' || control.isPending
              }
              onPress={() => control.mutate('start')}
            >
              Start service
            </Button>
            <Button
              className="button"
              isDisabled={!canWrite || s.startupType === 'Automatic' || update.isPending}
              onPress={() => update.mutate({ startupType: 'Automatic' })}
            >
              Set to Automatic
            </Button>
          </p>
        </div>
      )}
      {portMismatch && (
        <p className="alert warning">
          The connection string uses port {address.port}, but the ASP.NET State Service on this server listens
          on port {s.settings.port}.
        </p>
      )}
      {failure && (
        <p role="alert" className="error-text">
          {errorMessage(failure)}
        </p>
      )}
    </div>
  );
}

import { useState } from 'react';
import type { StateServicePatch, StateServiceResponse, StartupType } from '@iis-console/contracts';
import { errorMessage } from '../../api/client';
import type { ServiceCommand } from '../../api/endpoints';
import { useCanWrite } from '../../auth/AuthContext';
import { CheckBox, SelectBox, TextBox } from '../../components/controls';
import { useNavigationBlocker } from '../../routing/RouterContext';
import { ActionButton, ActionGroup, ActionLink, PageActions } from '../../shell/ActionsPane';
import { useStateService, useStateServiceMutations } from './useStateService';

const STARTUP_TYPES: readonly StartupType[] = ['Automatic', 'Manual', 'Disabled'];
/** Microsoft's "Session State Page", which covers the state service's start behavior. */
const HELP_URL =
  'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/cc754849(v=ws.10)';

const STATUS_TEXT: Record<StateServiceResponse['status'], string> = {
  Stopped: 'Stopped',
  StartPending: 'StartPending',
  Running: 'Running',
  StopPending: 'StopPending',
};

interface Settings {
  startupType: string;
  port: string;
  allowRemoteConnection: boolean;
  socketTimeout: string;
}

function settingsOf(s: StateServiceResponse): Settings {
  return {
    startupType: s.startupType,
    port: String(s.settings.port),
    allowRemoteConnection: s.settings.allowRemoteConnection,
    socketTimeout: String(s.settings.socketTimeout),
  };
}

function integerIn(text: string, min: number, max: number): number | undefined {
  if (!/^\s*\d{1,6}\s*$/.test(text)) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
}

const COMMAND_DONE: Record<ServiceCommand, string> = {
  start: 'The ASP.NET State Service was started.',
  stop: 'The ASP.NET State Service was stopped.',
  restart: 'The ASP.NET State Service was restarted.',
};

/** The ASP.NET State Service (aspnet_state): status, start/stop, startup type and its registry settings. */
export function StateServicePage() {
  const service = useStateService();
  return (
    <div className="page state-service-page">
      <header className="page-header">
        <h1>
          <span className="page-icon icon-service" aria-hidden="true" />
          ASP.NET State Service
        </h1>
        <p className="page-description">
          The service that keeps session state out of process for State Server mode (aspnet_state).
        </p>
      </header>
      {service.isPending && <p className="pane-message">Loading…</p>}
      {service.isError && (
        <p role="alert" className="alert error">
          {errorMessage(service.error)}
        </p>
      )}
      {service.data === null && (
        <p role="alert" className="alert warning">
          The ASP.NET State Service cannot be managed on this server.
        </p>
      )}
      {service.data && <StateServiceEditor service={service.data} />}
    </div>
  );
}

function StateServiceEditor({ service }: { service: StateServiceResponse }) {
  const canWrite = useCanWrite();
  const { control, update } = useStateServiceMutations();
  const [loaded, setLoaded] = useState(() => settingsOf(service));
  const [values, setValues] = useState(loaded);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  // Follow the service's settings where the user has not edited them.
  const fresh = settingsOf(service);
  if (JSON.stringify(fresh) !== JSON.stringify(loaded)) {
    const next = { ...fresh };
    (Object.keys(next) as (keyof Settings)[]).forEach((k) => {
      if (values[k] !== loaded[k]) (next as Record<string, unknown>)[k] = values[k];
    });
    setLoaded(fresh);
    setValues(next);
  }

  const port = integerIn(values.port, 1, 65535);
  const socketTimeout = integerIn(values.socketTimeout, 1, 86400);
  const errors = {
    port: port === undefined ? 'The port must be a number from 1 to 65535.' : undefined,
    socketTimeout:
      socketTimeout === undefined ? 'The time-out must be a number of seconds from 1 to 86400.' : undefined,
  };
  const body: StateServicePatch = {};
  if (values.startupType !== loaded.startupType) body.startupType = values.startupType as StartupType;
  if (port !== undefined && values.port.trim() !== loaded.port) body.port = port;
  if (values.allowRemoteConnection !== loaded.allowRemoteConnection)
    body.allowRemoteConnection = values.allowRemoteConnection;
  if (socketTimeout !== undefined && values.socketTimeout.trim() !== loaded.socketTimeout)
    body.socketTimeout = socketTimeout;
  const invalid = errors.port !== undefined || errors.socketTimeout !== undefined;
  const dirty =
    canWrite &&
    (Object.keys(body).length > 0 || (invalid && JSON.stringify(values) !== JSON.stringify(loaded)));
  const busy = control.isPending || update.isPending;

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setMessage(null);
  };

  const apply = async (): Promise<boolean> => {
    if (invalid) return false;
    if (Object.keys(body).length === 0) return true;
    setFailure(null);
    try {
      await update.mutateAsync(body);
      setLoaded(values);
      setMessage('The changes have been successfully saved.');
      return true;
    } catch (e) {
      setFailure(errorMessage(e));
      return false;
    }
  };

  const run = async (command: ServiceCommand) => {
    setFailure(null);
    setMessage(null);
    try {
      await control.mutateAsync(command);
      setMessage(COMMAND_DONE[command]);
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };

  useNavigationBlocker(dirty ? { save: apply } : null);

  const status = service.status;
  const running = service.runningSettings;
  return (
    <>
      <p className={`service-status status-${status}`}>Status: {STATUS_TEXT[status]}</p>
      <p className="field-description">
        {service.displayName} ({service.name}){service.pid !== null ? `, process ID ${service.pid}` : ''}
        {service.controller === 'windows' ? ', controlled through the Windows service manager' : ''}
        {running ? `, listening on port ${running.port}` : ''}.
      </p>
      {service.restartRequired && (
        <p className="alert info">
          The settings changed since the service started: restart it to apply them.
        </p>
      )}
      {failure && (
        <p role="alert" className="alert error">
          {failure}
        </p>
      )}
      <div role="status" className="status-line">
        {message && <p className="alert success">{message}</p>}
      </div>

      <fieldset className="group-box">
        <legend>Settings</legend>
        <SelectBox
          id="service-startup-type"
          label="Startup type"
          value={values.startupType}
          options={STARTUP_TYPES.map((t) => ({ value: t, label: t }))}
          onChange={(v) => set('startupType', v)}
          isDisabled={!canWrite}
        />
        <TextBox
          label="Port"
          value={values.port}
          onChange={(v) => set('port', v)}
          isDisabled={!canWrite}
          error={errors.port}
          inputClassName="narrow"
          description="Must match the port of the state server connection strings (default 42424)."
        />
        <div className="field check-field">
          <CheckBox
            isSelected={values.allowRemoteConnection}
            onChange={(v) => set('allowRemoteConnection', v)}
            isDisabled={!canWrite}
          >
            Allow remote connections
          </CheckBox>
        </div>
        <TextBox
          label="Socket time-out (in seconds)"
          value={values.socketTimeout}
          onChange={(v) => set('socketTimeout', v)}
          isDisabled={!canWrite}
          error={errors.socketTimeout}
          inputClassName="narrow"
        />
      </fieldset>

      {service.counters && (
        <section aria-labelledby="service-counters">
          <h2 id="service-counters">Counters</h2>
          <table className="grid counters" aria-labelledby="service-counters">
            <thead>
              <tr>
                <th scope="col">Counter</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['State Server Sessions Active', service.counters.activeSessions],
                  ['State Server Sessions Total', service.counters.totalSessions],
                  ['State Server Sessions Timed Out', service.counters.sessionsTimedOut],
                  ['State Server Sessions Abandoned', service.counters.sessionsAbandoned],
                  ['Bytes in memory', service.counters.bytesInMemory],
                  ['Connections', service.counters.connections],
                ] as const
              ).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{value.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <PageActions>
        <ActionGroup title="Manage Service">
          <ActionButton
            icon="▶"
            onPress={() => void run('start')}
            isDisabled={!canWrite || busy || status !== 'Stopped' || service.startupType === 'Disabled'}
          >
            Start
          </ActionButton>
          <ActionButton
            icon="■"
            onPress={() => void run('stop')}
            isDisabled={!canWrite || busy || status !== 'Running'}
          >
            Stop
          </ActionButton>
          <ActionButton
            icon="↻"
            onPress={() => void run('restart')}
            isDisabled={!canWrite || busy || status !== 'Running'}
          >
            Restart
          </ActionButton>
        </ActionGroup>
        <ActionGroup title="Settings">
          <ActionButton icon="✔" onPress={() => void apply()} isDisabled={!dirty || invalid || busy}>
            Apply
          </ActionButton>
          <ActionButton
            icon="✖"
            onPress={() => {
              setValues(loaded);
              setMessage(null);
            }}
            isDisabled={!dirty || busy}
          >
            Cancel
          </ActionButton>
          <ActionLink icon="?" href={HELP_URL}>
            Help
          </ActionLink>
        </ActionGroup>
      </PageActions>
    </>
  );
}

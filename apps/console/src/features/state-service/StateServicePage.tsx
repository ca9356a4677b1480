import { useState } from 'react';
import { Button, Label, RadioGroup } from 'react-aria-components';
import type {
  StateServicePatch,
  StateServiceResponse,
  StartupType,
  TestStoreResponse,
} from '@iis-console/contracts';
import { errorMessage } from '../../api/client';
import type { ServiceCommand } from '../../api/endpoints';
import { useCanWrite } from '../../auth/AuthContext';
import { CheckBox, RadioButton, SelectBox, TextBox } from '../../components/controls';
import { useNavigationBlocker } from '../../routing/RouterContext';
import { ActionButton, ActionGroup, ActionLink, PageActions } from '../../shell/ActionsPane';
import { StoreStatusLine } from './StoreStatusLine';
import { testStore, useStateService, useStateServiceMutations } from './useStateService';

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
  /** In memory, or Redis at `redisUrl` (docs/state-store.md). */
  storeKind: 'memory' | 'redis';
  redisUrl: string;
  keyPrefix: string;
}

const DEFAULT_KEY_PREFIX = 'aspnet_state:';

function settingsOf(s: StateServiceResponse): Settings {
  const store = s.settings.store ?? 'memory';
  return {
    startupType: s.startupType,
    port: String(s.settings.port),
    allowRemoteConnection: s.settings.allowRemoteConnection,
    socketTimeout: String(s.settings.socketTimeout),
    storeKind: store === 'memory' ? 'memory' : 'redis',
    redisUrl: store === 'memory' ? '' : store,
    keyPrefix: s.settings.keyPrefix ?? DEFAULT_KEY_PREFIX,
  };
}

/** The store setting the fields say: `memory` or the Redis URL typed. */
function storeOf(values: Settings): string {
  return values.storeKind === 'memory' ? 'memory' : values.redisUrl.trim();
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
  const [storeTest, setStoreTest] = useState<TestStoreResponse | { failed: string } | null>(null);
  const [testing, setTesting] = useState(false);
  /** Only the built-in service can keep sessions elsewhere (Windows' aspnet_state has no store setting). */
  const hasStore = service.settings.store !== undefined;

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
    redisUrl:
      values.storeKind === 'redis' && !/^rediss?:\/\/[^\s/]+/i.test(values.redisUrl.trim())
        ? 'Enter a Redis URL: redis://[user:password@]host:port[/db], or rediss://… for TLS.'
        : undefined,
    keyPrefix:
      values.storeKind === 'redis' &&
      (values.keyPrefix.length > 200 || [...values.keyPrefix].some((c) => c < ' ' || c === '\x7f'))
        ? 'The key prefix takes at most 200 characters and no control characters.'
        : undefined,
  };
  const body: StateServicePatch = {};
  if (values.startupType !== loaded.startupType) body.startupType = values.startupType as StartupType;
  if (port !== undefined && values.port.trim() !== loaded.port) body.port = port;
  if (values.allowRemoteConnection !== loaded.allowRemoteConnection)
    body.allowRemoteConnection = values.allowRemoteConnection;
  if (socketTimeout !== undefined && values.socketTimeout.trim() !== loaded.socketTimeout)
    body.socketTimeout = socketTimeout;
  if (hasStore && errors.redisUrl === undefined && storeOf(values) !== storeOf(loaded))
    body.store = storeOf(values);
  if (
    hasStore &&
    values.storeKind === 'redis' &&
    errors.keyPrefix === undefined &&
    values.keyPrefix !== loaded.keyPrefix
  )
    body.keyPrefix = values.keyPrefix;
  const invalid = Object.values(errors).some((e) => e !== undefined);
  const dirty =
    canWrite &&
    (Object.keys(body).length > 0 || (invalid && JSON.stringify(values) !== JSON.stringify(loaded)));
  const busy = control.isPending || update.isPending;

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setMessage(null);
    if (key === 'redisUrl' || key === 'storeKind') setStoreTest(null);
  };

  const runStoreTest = async () => {
    setTesting(true);
    setStoreTest(null);
    try {
      setStoreTest(await testStore(storeOf(values)));
    } catch (e) {
      setStoreTest({ failed: errorMessage(e) });
    } finally {
      setTesting(false);
    }
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
      {service.store && <StoreStatusLine store={service.store} />}
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

      {hasStore && (
        <fieldset className="group-box">
          <legend>Store</legend>
          <RadioGroup
            className="radio-group"
            value={values.storeKind}
            onChange={(v) => set('storeKind', v === 'redis' ? 'redis' : 'memory')}
            isDisabled={!canWrite}
          >
            <Label className="group-label">Keep sessions</Label>
            <RadioButton value="memory">In memory</RadioButton>
            <RadioButton value="redis">Redis</RadioButton>
          </RadioGroup>
          {values.storeKind === 'redis' && (
            <div className="indented">
              <TextBox
                label="Redis URL"
                value={values.redisUrl}
                onChange={(v) => set('redisUrl', v)}
                isDisabled={!canWrite}
                error={errors.redisUrl}
                description="redis://[user:password@]host:port[/db] or rediss://… (TLS). Every state service using the same Redis and key prefix shares its sessions. A saved password shows as ***."
                after={
                  <Button
                    className="button"
                    onPress={() => void runStoreTest()}
                    isDisabled={testing || errors.redisUrl !== undefined}
                  >
                    Test
                  </Button>
                }
              />
              <TextBox
                label="Key prefix"
                value={values.keyPrefix}
                onChange={(v) => set('keyPrefix', v)}
                isDisabled={!canWrite}
                error={errors.keyPrefix}
                inputClassName="narrow"
              />
              <div role="status" className="status-line">
                {testing && <p className="field-description">Testing…</p>}
                {storeTest !== null &&
                  ('failed' in storeTest ? (
                    <p className="alert error">{storeTest.failed}</p>
                  ) : (
                    <p className={storeTest.ok ? 'alert success' : 'alert error'}>{storeTest.message}</p>
                  ))}
              </div>
            </div>
          )}
        </fieldset>
      )}

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

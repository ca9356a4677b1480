import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { Button, FieldError, Label, RadioGroup, Text } from 'react-aria-components';
import type {
  FieldError as ApiFieldError,
  SessionStatePatch,
  SessionStateResponse,
} from '@iis-console/contracts';
import {
  COOKIE_MODE_LABELS,
  COOKIE_MODE_ORDER,
  LOCKED_FEATURE_ALERT,
  SAME_SITE_DEFAULT_LABEL,
  SAME_SITE_LABELS,
  SAME_SITE_ORDER,
  SESSION_MODE_LABELS,
  SESSION_MODE_ORDER,
} from '@iis-console/config-common';
import { ApiRequestError, errorMessage } from '../../api/client';
import {
  patchSessionState,
  queryKeys,
  sessionStateQuery,
  testStateServerConnection,
} from '../../api/endpoints';
import { useCanWrite } from '../../auth/AuthContext';
import { CheckBox, RadioButton, SelectBox, TextBox } from '../../components/controls';
import { useNavigationBlocker } from '../../routing/RouterContext';
import { ActionButton, ActionGroup, ActionLink, PageActions } from '../../shell/ActionsPane';
import { useServerTree } from '../../shell/useServerTree';
import { ConnectionStringCombo } from './ConnectionStringCombo';
import { CreateSqlServerDialog, CreateStateServerDialog } from './CreateConnectionDialogs';
import { FieldOrigin, RevertButton } from './FieldMeta';
import { HistoryDialog } from './HistoryDialog';
import { PendingChangesDialog } from './PendingChangesDialog';
import { RevertDialog } from './RevertDialog';
import { StateServiceWarning } from './StateServiceWarning';
import { stateServerAddress } from './connectionStrings';
import {
  currentCookieMode,
  currentMode,
  enabledByMode,
  errorsByField,
  FIELD_LABELS,
  isFieldDirty,
  isFormField,
  loadedValues,
  pendingChange,
  rebase,
  type FormField,
  type FormValues,
} from './formModel';

/** Microsoft's "Session State Page" (IIS 7, Windows Server 2008 R2). */
export const SESSION_STATE_HELP_URL =
  'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/cc754849(v=ws.10)';

export const SAVED_MESSAGE = 'The changes have been successfully saved.';
export const STALE_MESSAGE =
  'The configuration was changed by someone else since this page was loaded. Nothing was written. Reload to see the current configuration.';

function PageFrame({ children }: { children: ReactNode }) {
  return (
    <div className="page session-state-page">
      <header className="page-header">
        <h1>
          <span className="page-icon icon-session-state" aria-hidden="true" />
          Session State
        </h1>
      </header>
      {children}
    </div>
  );
}

/** The Session State feature page of one level (docs/session-state.md §3). */
export function SessionStatePage({ path }: { path: string }) {
  const query = useQuery(sessionStateQuery(path));
  if (query.isPending) {
    return (
      <PageFrame>
        <p className="pane-message">Loading…</p>
      </PageFrame>
    );
  }
  if (query.isError) {
    return (
      <PageFrame>
        <p role="alert" className="alert error">
          {errorMessage(query.error)}
        </p>
      </PageFrame>
    );
  }
  return <SessionStateEditor path={path} state={query.data} reload={query.refetch} />;
}

interface FormState {
  etag: string;
  loaded: FormValues;
  values: FormValues;
}

function freshForm(state: SessionStateResponse): FormState {
  const loaded = loadedValues(state);
  return { etag: state.etag, loaded, values: loaded };
}

type OpenDialog =
  | { kind: 'createStateServer' }
  | { kind: 'createSqlServer' }
  | { kind: 'revert'; field: FormField }
  | { kind: 'preview'; body: SessionStatePatch }
  | { kind: 'history' }
  | null;

function SessionStateEditor({
  path,
  state,
  reload,
}: {
  path: string;
  state: SessionStateResponse;
  reload: () => Promise<{ data?: SessionStateResponse | undefined }>;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const canWrite = useCanWrite();
  const { machineName } = useServerTree();
  const [form, setForm] = useState<FormState>(() => freshForm(state));
  const [serverErrors, setServerErrors] = useState<ApiFieldError[]>([]);
  const [writeError, setWriteError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);

  // The configuration was re-read (a revert, a rollback): untouched fields follow, edits stay.
  if (form.etag !== state.etag) {
    const loaded = loadedValues(state);
    setForm({ etag: state.etag, loaded, values: rebase(form.loaded, form.values, loaded) });
  }
  const { loaded, values } = form;

  const readOnly = state.readOnly !== null || state.target === null || state.sectionLocked;
  const editable = !readOnly && canWrite;
  const attr = (name: FormField) => state.attributes[name];
  const locked = (name: FormField) => attr(name)?.locked ?? false;
  const disabled = (name: FormField) => !editable || locked(name) || !enabledByMode(name, values);

  const pending = useMemo(
    () => pendingChange(state, loaded, values, (name) => state.attributes[name]?.locked ?? false),
    [state, loaded, values],
  );
  const dirty = editable && pending.fields.length > 0;
  const valid = pending.validation.errors.length === 0;
  const canApply = dirty && valid && !busy;

  const clientErrors = errorsByField(pending.validation.errors);
  const lastServerErrors = errorsByField(serverErrors);
  const fieldError = (name: FormField): string | undefined =>
    clientErrors.byField[name] ?? lastServerErrors.byField[name];
  const otherErrors = [...clientErrors.other, ...lastServerErrors.other];

  const setValue = (name: FormField, value: string) => {
    setForm((f) => ({ ...f, values: { ...f.values, [name]: value } }));
    setServerErrors((errors) => errors.filter((e) => e.attribute !== name));
    setSaved(null);
    setWriteError(null);
    if (name === 'stateConnectionString' || name === 'mode') setTestResult(null);
  };

  /** The write's answer is the new state; levels below and the overview may have changed too. */
  const afterWrite = (next: SessionStateResponse) => {
    queryClient.setQueryData(queryKeys.sessionState(path), next);
    const own = queryKeys.sessionState(path)[1];
    void queryClient.invalidateQueries({
      queryKey: queryKeys.sessionStateAll,
      predicate: (q) => q.queryKey[1] !== own,
    });
    void queryClient.invalidateQueries({ queryKey: queryKeys.overviewAll });
    void queryClient.invalidateQueries({ queryKey: queryKeys.history });
  };

  const showWriteError = (e: unknown) => {
    if (e instanceof ApiRequestError && e.status === 412) {
      setStale(true);
      return;
    }
    if (e instanceof ApiRequestError && e.errors.length > 0) {
      // Each rule message goes next to its field; the others into the alert below the title.
      setServerErrors(e.errors);
      setWriteError(null);
      return;
    }
    setWriteError(errorMessage(e));
  };

  const write = useMutation({
    mutationFn: ({ body, etag }: { body: SessionStatePatch; etag: string }) =>
      patchSessionState(path, body, etag),
  });

  /** Apply: one PATCH with the changed attributes and the ETag of the last read. */
  const apply = async (): Promise<boolean> => {
    if (!dirty) return true;
    if (!valid || busy) return false;
    setBusy(true);
    setWriteError(null);
    setStale(false);
    setSaved(null);
    try {
      const next = await write.mutateAsync({ body: pending.body, etag: state.etag });
      afterWrite(next);
      setForm(freshForm(next));
      setServerErrors([]);
      setSaved(SAVED_MESSAGE);
      return true;
    } catch (e) {
      showWriteError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** Cancel (and Reload after a conflict): discard the edits and read the configuration again. */
  const cancel = async () => {
    setBusy(true);
    try {
      const result = await reload();
      setForm(freshForm(result.data ?? state));
      setServerErrors([]);
      setWriteError(null);
      setStale(false);
      setSaved(null);
      setTestResult(null);
    } finally {
      setBusy(false);
    }
  };

  const revert = async (field: FormField) => {
    setBusy(true);
    setWriteError(null);
    setSaved(null);
    try {
      const next = await write.mutateAsync({ body: { [field]: null }, etag: state.etag });
      afterWrite(next);
      setDialog(null);
      setSaved(SAVED_MESSAGE);
    } catch (e) {
      setDialog(null);
      showWriteError(e);
    } finally {
      setBusy(false);
    }
  };

  const testConnection = async () => {
    const address = stateServerAddress(values.stateConnectionString, state.connectionStrings);
    const named = state.connectionStrings.find(
      (c) => c.name.toLowerCase() === values.stateConnectionString.toLowerCase(),
    );
    setTestResult({ ok: true, text: 'Testing the connection…' });
    try {
      const r = await testStateServerConnection(named?.connectionString || values.stateConnectionString);
      const target = `${r.host || address?.server || ''}:${r.port || address?.port || ''}`;
      setTestResult(
        r.ok
          ? {
              ok: true,
              text: `Connected to the state server at ${target}${r.version ? `, version ${r.version}` : ''}${
                r.roundTripMs !== undefined ? `, round trip ${Math.round(r.roundTripMs * 10) / 10} ms` : ''
              }.`,
            }
          : {
              ok: false,
              text: `Test connection to ${target} failed (${r.failure ?? 'error'}): ${r.message}`,
            },
      );
    } catch (e) {
      setTestResult({
        ok: false,
        text:
          e instanceof ApiRequestError && e.status === 404
            ? 'Test connection failed: this server does not offer connection tests.'
            : `Test connection failed: ${errorMessage(e)}`,
      });
    }
  };

  useNavigationBlocker(dirty ? { save: apply } : null);

  const mode = currentMode(values);
  const cookieMode = currentCookieMode(values);

  /** The revert action of a field set at this level (never on read-only pages). */
  const revertFor = (name: FormField) =>
    editable && attr(name)?.local && !locked(name) ? (
      <RevertButton
        label={FIELD_LABELS[name]}
        isDisabled={busy || isFieldDirty(name, loaded, values)}
        onPress={() => setDialog({ kind: 'revert', field: name })}
      />
    ) : null;

  const textField = (
    name: FormField,
    extra?: { after?: ReactNode; hint?: ReactNode; className?: string },
  ) => (
    <TextBox
      label={FIELD_LABELS[name]}
      value={values[name]}
      onChange={(v) => setValue(name, v)}
      isDisabled={disabled(name)}
      error={fieldError(name)}
      inputClassName={extra?.className}
      after={
        <>
          {extra?.after}
          {revertFor(name)}
        </>
      }
      description={
        <>
          <FieldOrigin attr={attr(name)} />
          {extra?.hint}
        </>
      }
    />
  );

  const checkField = (name: FormField) => {
    const metaId = `${id}-${name}-meta`;
    const error = fieldError(name);
    return (
      <div className="field check-field">
        <div className="field-row">
          <CheckBox
            isSelected={values[name] === 'true'}
            onChange={(v) => setValue(name, v ? 'true' : 'false')}
            isDisabled={disabled(name)}
            isInvalid={error !== undefined}
            describedBy={`${metaId}${error !== undefined ? ` ${metaId}-error` : ''}`}
          >
            {FIELD_LABELS[name]}
          </CheckBox>
          {revertFor(name)}
        </div>
        <div id={metaId} className="field-description">
          <FieldOrigin attr={attr(name)} />
        </div>
        {error !== undefined && (
          <div id={`${metaId}-error`} className="field-error">
            {error}
          </div>
        )}
      </div>
    );
  };

  const modeError = fieldError('mode');
  // A stored value's own error is shown at its field (with file and line); the rest are listed.
  const warnings = state.warnings.filter((w) => !(w.rule === 'FILE' && isFormField(w.attribute)));
  const cookieHint =
    cookieMode === 'AutoDetect' || cookieMode === 'UseDeviceProfile' || cookieMode === 'UseUri'
      ? 'With this mode you should require that expired session IDs be regenerated, and consider a time-out below the 20-minute default.'
      : undefined;

  return (
    <PageFrame>
      <p className="page-description">
        Use this feature to configure how ASP.NET stores session state and how it identifies sessions (cookie
        settings).
      </p>

      {state.readOnly !== null && (
        <div role="alert" className="alert warning">
          {state.readOnly}
        </div>
      )}
      {state.sectionLocked && state.readOnly !== LOCKED_FEATURE_ALERT && (
        <div role="alert" className="alert warning">
          {LOCKED_FEATURE_ALERT}
        </div>
      )}
      {state.errors.length > 0 && (
        <div role="alert" className="alert error">
          <p>The configuration has errors:</p>
          <ul>
            {state.errors.map((e, i) => (
              <li key={i}>
                {e.file}, line {e.line}, column {e.column}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {stale && (
        <div role="alert" className="alert error">
          <p>{STALE_MESSAGE}</p>
          <Button className="button" isDisabled={busy} onPress={() => void cancel()}>
            Reload
          </Button>
        </div>
      )}
      {writeError && (
        <div role="alert" className="alert error">
          {writeError}
        </div>
      )}
      {otherErrors.length > 0 && (
        <div role="alert" className="alert error">
          <ul>
            {otherErrors.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div role="status" className="status-line">
        {saved && <p className="alert success">{saved}</p>}
      </div>

      {state.target && (
        <p className="target-file">
          Changes are written to {state.target.file} ({state.target.configPath})
        </p>
      )}
      {state.target && !state.target.exists && state.readOnly === null && (
        <p className="field-description">The file does not exist yet; Apply creates it.</p>
      )}

      <div className="form">
        <RadioGroup
          className="mode-group"
          value={values.mode}
          onChange={(v) => setValue('mode', v)}
          isDisabled={disabled('mode')}
          isInvalid={modeError !== undefined}
          validationBehavior="aria"
        >
          <div className="field-row">
            <Label className="group-title">Session State Mode Settings</Label>
            {revertFor('mode')}
          </div>
          <Text slot="description" className="field-description">
            <FieldOrigin attr={attr('mode')} />
          </Text>
          {SESSION_MODE_ORDER.filter((m) => m !== 'StateServer' && m !== 'SQLServer').map((m) => (
            <RadioButton key={m} value={m}>
              {SESSION_MODE_LABELS[m]}
            </RadioButton>
          ))}
          <RadioButton value="StateServer">{SESSION_MODE_LABELS.StateServer}</RadioButton>
          <div role="group" aria-label="State Server" className="mode-options" onKeyDown={keepKeys}>
            {textField('stateConnectionString', {
              className: 'wide',
              after: (
                <Button
                  className="button"
                  isDisabled={disabled('stateConnectionString')}
                  onPress={() => setDialog({ kind: 'createStateServer' })}
                >
                  Create...
                </Button>
              ),
            })}
            {textField('stateNetworkTimeout', { className: 'narrow' })}
            {mode === 'StateServer' && (
              <StateServiceWarning
                connectionString={values.stateConnectionString}
                connectionStrings={state.connectionStrings}
                machineName={machineName}
                canWrite={canWrite}
              />
            )}
            {testResult && (
              <p role="status" className={`alert ${testResult.ok ? 'info' : 'error'}`}>
                {testResult.text}
              </p>
            )}
          </div>
          <RadioButton value="SQLServer">{SESSION_MODE_LABELS.SQLServer}</RadioButton>
          <div role="group" aria-label="SQL Server" className="mode-options" onKeyDown={keepKeys}>
            <ConnectionStringCombo
              label={FIELD_LABELS.sqlConnectionString}
              value={values.sqlConnectionString}
              onChange={(v) => setValue('sqlConnectionString', v)}
              names={state.connectionStrings.map((c) => c.name)}
              isDisabled={disabled('sqlConnectionString')}
              error={fieldError('sqlConnectionString')}
              description={<FieldOrigin attr={attr('sqlConnectionString')} />}
              after={
                <>
                  <Button
                    className="button"
                    isDisabled={disabled('sqlConnectionString')}
                    onPress={() => setDialog({ kind: 'createSqlServer' })}
                  >
                    Create...
                  </Button>
                  {revertFor('sqlConnectionString')}
                </>
              }
            />
            {textField('sqlCommandTimeout', { className: 'narrow' })}
            {checkField('allowCustomSqlDatabase')}
          </div>
          <FieldError className="field-error">{modeError}</FieldError>
        </RadioGroup>

        <fieldset className="group-box">
          <legend>Cookie Settings</legend>
          <SelectBox
            id={`${id}-cookieless`}
            label={FIELD_LABELS.cookieless}
            value={values.cookieless}
            options={COOKIE_MODE_ORDER.map((m) => ({ value: m, label: COOKIE_MODE_LABELS[m] }))}
            onChange={(v) => setValue('cookieless', v)}
            isDisabled={disabled('cookieless')}
            error={fieldError('cookieless')}
            describedBy={`${id}-cookieless-meta`}
            after={revertFor('cookieless')}
          >
            <div id={`${id}-cookieless-meta`} className="field-description">
              <FieldOrigin attr={attr('cookieless')} />
              {cookieHint && <span className="hint">{cookieHint}</span>}
            </div>
          </SelectBox>
          {textField('cookieName')}
          {textField('timeout', {
            className: 'narrow',
            hint:
              cookieMode === 'UseUri' ? (
                <span className="hint">
                  IIS Manager disables this field for Use URI; it stays enabled here because the time-out
                  still ends sessions in URI mode.
                </span>
              ) : undefined,
          })}
          {checkField('regenerateExpiredSessionId')}
          <SelectBox
            id={`${id}-samesite`}
            label={FIELD_LABELS.cookieSameSite}
            value={values.cookieSameSite}
            options={SAME_SITE_ORDER.map((m) => ({ value: m, label: SAME_SITE_LABELS[m] }))}
            onChange={(v) => setValue('cookieSameSite', v)}
            isDisabled={disabled('cookieSameSite')}
            error={fieldError('cookieSameSite')}
            describedBy={`${id}-samesite-meta`}
            after={revertFor('cookieSameSite')}
          >
            <div id={`${id}-samesite-meta`} className="field-description">
              <FieldOrigin attr={attr('cookieSameSite')} />
              <span className="hint">Default: {SAME_SITE_DEFAULT_LABEL}</span>
              {values.cookieSameSite === 'None' && (
                <span className="hint">
                  SameSite None also needs HTTPS and matching &lt;httpCookies&gt; settings.
                </span>
              )}
            </div>
          </SelectBox>
        </fieldset>

        {checkField('useHostingIdentity')}
      </div>

      {state.unknownAttributes.length > 0 && (
        <section className="other-attributes" aria-labelledby={`${id}-other`}>
          <h2 id={`${id}-other`}>Other attributes</h2>
          <table className="grid" aria-labelledby={`${id}-other`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Set in</th>
              </tr>
            </thead>
            <tbody>
              {state.unknownAttributes.map((u) => (
                <tr key={`${u.origin.file}:${u.name}`}>
                  <td>{u.name}</td>
                  <td>{u.value}</td>
                  <td>
                    {u.origin.file} ({u.origin.configPath}), line {u.origin.line}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {warnings.length > 0 && (
        <section className="warnings" aria-labelledby={`${id}-warnings`}>
          <h2 id={`${id}-warnings`}>Warnings</h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>
                {w.attribute}: {w.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <PageActions>
        <ActionGroup>
          {!readOnly && (
            <>
              <ActionButton icon="✔" onPress={() => void apply()} isDisabled={!canApply}>
                Apply
              </ActionButton>
              <ActionButton icon="✖" onPress={() => void cancel()} isDisabled={!dirty || busy}>
                Cancel
              </ActionButton>
              <ActionButton
                icon="≡"
                onPress={() => setDialog({ kind: 'preview', body: pending.body })}
                isDisabled={!canApply}
              >
                View changes
              </ActionButton>
            </>
          )}
          <ActionButton icon="⟲" onPress={() => setDialog({ kind: 'history' })}>
            View history
          </ActionButton>
          {mode === 'StateServer' && (
            <ActionButton icon="⇄" onPress={() => void testConnection()}>
              Test connection
            </ActionButton>
          )}
          <ActionLink icon="?" href={SESSION_STATE_HELP_URL}>
            Help
          </ActionLink>
        </ActionGroup>
      </PageActions>

      {dialog?.kind === 'createStateServer' && (
        <CreateStateServerDialog
          onClose={() => setDialog(null)}
          onCreate={(cs) => {
            setValue('stateConnectionString', cs);
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'createSqlServer' && (
        <CreateSqlServerDialog
          allowCustomDatabase={values.allowCustomSqlDatabase === 'true'}
          onClose={() => setDialog(null)}
          onCreate={(cs) => {
            setValue('sqlConnectionString', cs);
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'revert' && (
        <RevertDialog
          label={FIELD_LABELS[dialog.field]}
          attributeName={dialog.field}
          attr={attr(dialog.field)}
          busy={busy}
          onClose={() => setDialog(null)}
          onRevert={() => void revert(dialog.field)}
        />
      )}
      {dialog?.kind === 'preview' && (
        <PendingChangesDialog
          path={path}
          body={dialog.body}
          etag={state.etag}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'history' && <HistoryDialog canWrite={canWrite} onClose={() => setDialog(null)} />}
    </PageFrame>
  );
}

/**
 * The mode's fields sit inside the radio group (under their radio, as in IIS Manager); their arrow keys
 * move the caret or the list, not the radio selection.
 */
function keepKeys(event: KeyboardEvent) {
  event.stopPropagation();
}

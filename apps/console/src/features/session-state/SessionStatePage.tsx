import { useId, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { Button, FieldError, Label, RadioGroup, Text } from 'react-aria-components';
import type { SessionStatePatch, SessionStateResponse } from '@iis-console/contracts';
import {
  COOKIE_MODE_LABELS,
  COOKIE_MODE_ORDER,
  SAME_SITE_DEFAULT_LABEL,
  SAME_SITE_LABELS,
  SAME_SITE_ORDER,
  SESSION_MODE_LABELS,
  SESSION_MODE_ORDER,
} from '@iis-console/config-common';
import { ApiRequestError, errorMessage, isConfigFileError } from '../../api/client';
import {
  getSessionState,
  patchSessionState,
  previewSessionState,
  sessionStateQuery,
  testStateServerConnection,
} from '../../api/endpoints';
import { ConfigErrorView } from '../../components/ConfigErrorView';
import { CheckBox, RadioButton, SelectBox, TextBox } from '../../components/controls';
import { EditorActions, EditorAlerts, EditorDialogs, TargetFile } from '../../editor/EditorParts';
import { FieldOrigin, RevertButton } from '../../editor/FieldMeta';
import { RevertDialog } from '../../editor/RevertDialog';
import { useConfigEditor, type ConfigEditor, type EditorSpec } from '../../editor/useConfigEditor';
import { ActionButton, ActionLink } from '../../shell/ActionsPane';
import { useServerTree } from '../../shell/useServerTree';
import { ConnectionStringCombo } from './ConnectionStringCombo';
import { CreateSqlServerDialog, CreateStateServerDialog } from './CreateConnectionDialogs';
import { isAdvice, useSessionStateAdvice } from './SessionStateAdvice';
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

export { SAVED_MESSAGE, STALE_MESSAGE } from '../../editor/useConfigEditor';

/** Microsoft's "Session State Page" (IIS 7, Windows Server 2008 R2). */
export const SESSION_STATE_HELP_URL =
  'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/cc754849(v=ws.10)';

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

/** The page as data for the editor: its read, its write, its form (formModel.ts). */
function sessionStateSpec(path: string): EditorSpec<SessionStateResponse, FormValues, SessionStatePatch> {
  return {
    queryKey: sessionStateQuery(path).queryKey,
    load: (signal) => getSessionState(path, signal),
    staleTime: sessionStateQuery(path).staleTime as number,
    patch: (body, etag) => patchSessionState(path, body, etag),
    preview: (body, etag) => previewSessionState(path, body, etag),
    loaded: loadedValues,
    pending: (state, loaded, values) => {
      const p = pendingChange(state, loaded, values, (name) => state.attributes[name]?.locked ?? false);
      return { dirty: p.fields.length > 0, body: p.body, errors: p.validation.errors };
    },
    rebase,
    revertBody: (field) => ({ [field]: null }),
  };
}

type OpenDialog =
  { kind: 'createStateServer' } | { kind: 'createSqlServer' } | { kind: 'revert'; field: FormField } | null;

/** The Session State feature page of one level (docs/session-state.md §3), on the one editor hook. */
export function SessionStatePage({ path }: { path: string }) {
  const editor = useConfigEditor(sessionStateSpec(path));
  if (editor.status === 'loading') {
    return (
      <PageFrame>
        <p className="pane-message">Loading…</p>
      </PageFrame>
    );
  }
  if (editor.status === 'error' || !editor.data || !editor.values || !editor.loaded || !editor.pending) {
    if (isConfigFileError(editor.error)) return <ConfigErrorView error={editor.error} />;
    return (
      <PageFrame>
        <p role="alert" className="alert error">
          {errorMessage(editor.error)}
        </p>
      </PageFrame>
    );
  }
  return (
    <SessionStateForm editor={editor} state={editor.data} values={editor.values} loaded={editor.loaded} />
  );
}

type Editor = ConfigEditor<SessionStateResponse, FormValues, SessionStatePatch>;

function SessionStateForm({
  editor,
  state,
  values,
  loaded,
}: {
  editor: Editor;
  state: SessionStateResponse;
  values: FormValues;
  loaded: FormValues;
}) {
  const id = useId();
  const { canWrite, editable, busy } = editor;
  const { machineName } = useServerTree();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);

  const attr = (name: FormField) => state.attributes[name];
  const locked = (name: FormField) => attr(name)?.locked ?? false;
  const disabled = (name: FormField) => !editable || locked(name) || !enabledByMode(name, values);

  const clientErrors = errorsByField(editor.pending?.errors ?? []);
  const lastServerErrors = errorsByField(editor.serverErrors);
  const fieldError = (name: FormField): string | undefined =>
    clientErrors.byField[name] ?? lastServerErrors.byField[name];
  const otherErrors = [...clientErrors.other, ...lastServerErrors.other];

  const setValue = (name: FormField, value: string) => {
    editor.update((v) => ({ ...v, [name]: value }), [name]);
    if (name === 'stateConnectionString' || name === 'mode') setTestResult(null);
  };
  const advice = useSessionStateAdvice({
    warnings: state.warnings,
    canWrite,
    formEditable: !disabled('mode'),
    values,
    setValues: (attributes) =>
      editor.update((v) => ({ ...v, ...attributes }), Object.keys(attributes).filter(isFormField)),
  });

  const revert = async (field: FormField) => {
    await editor.revert(field);
    setDialog(null);
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
    <>
      <TextBox
        label={FIELD_LABELS[name]}
        describedBy={advice.describedBy(name)}
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
      {advice.notes(name)}
    </>
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
  // The advisor's are next to their fields.
  const warnings = state.warnings.filter(
    (w) => !(w.rule === 'FILE' && isFormField(w.attribute)) && !isAdvice(w),
  );
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

      <EditorAlerts editor={editor} data={state} otherErrors={otherErrors} />
      {advice.status}
      <TargetFile data={state} />

      <div className="form">
        <RadioGroup
          className="mode-group"
          value={values.mode}
          onChange={(v) => setValue('mode', v)}
          isDisabled={disabled('mode')}
          isInvalid={modeError !== undefined}
          validationBehavior="aria"
          aria-describedby={advice.describedBy('mode')}
        >
          <div className="field-row">
            <Label className="group-title">Session State Mode Settings</Label>
            {revertFor('mode')}
          </div>
          <Text slot="description" className="field-description">
            <FieldOrigin attr={attr('mode')} />
          </Text>
          {advice.notes('mode')}
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
                advised={advice.has('StateServiceStopped')}
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
            describedBy={[`${id}-cookieless-meta`, advice.describedBy('cookieless')].join(' ').trim()}
            after={revertFor('cookieless')}
          >
            <div id={`${id}-cookieless-meta`} className="field-description">
              <FieldOrigin attr={attr('cookieless')} />
              {cookieHint && <span className="hint">{cookieHint}</span>}
            </div>
            {advice.notes('cookieless')}
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
            describedBy={[`${id}-samesite-meta`, advice.describedBy('cookieSameSite')].join(' ').trim()}
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
            {advice.notes('cookieSameSite')}
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

      <EditorActions editor={editor}>
        {mode === 'StateServer' && (
          <ActionButton icon="⇄" onPress={() => void testConnection()}>
            Test connection
          </ActionButton>
        )}
        <ActionLink icon="?" href={SESSION_STATE_HELP_URL}>
          Help
        </ActionLink>
      </EditorActions>

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
      <EditorDialogs editor={editor} />
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

import { useId, useState, type ReactNode } from 'react';
import { FieldError, Input, Label, TextField } from 'react-aria-components';
import type { MachineKeyGenerateResponse, SectionChange, SectionResponse } from '@iis-console/contracts';
import { MACHINE_KEY_SECTION, type KeySetting } from '@iis-console/config-common';
import { api, errorMessage, isConfigFileError } from '../../api/client';
import { getSection, patchSection, previewSection, sectionQuery } from '../../api/endpoints';
import { ConfigErrorView } from '../../components/ConfigErrorView';
import { CheckBox, SelectBox } from '../../components/controls';
import { EditorActions, EditorAlerts, EditorDialogs, TargetFile } from '../../editor/EditorParts';
import { FieldOrigin, RevertButton } from '../../editor/FieldMeta';
import { RevertDialog } from '../../editor/RevertDialog';
import { useConfigEditor, type ConfigEditor, type EditorSpec } from '../../editor/useConfigEditor';
import { ActionButton, ActionLink } from '../../shell/ActionsPane';
import {
  AUTO_GENERATE_LABEL,
  decryptionOptions,
  isAttributeDirty,
  ISOLATE_APPS_LABEL,
  LABELS,
  loadedValues,
  pendingChange,
  rebase,
  validationOptions,
  withGeneratedKeys,
  type KeyAttribute,
  type MachineKeyAttribute,
  type MachineKeyValues,
} from './machineKeyModel';

/** Microsoft's "Configuring Machine Keys in IIS 7". */
export const MACHINE_KEY_HELP_URL =
  'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-r2-and-2008/cc755177(v=ws.10)';

/** Generate Keys (`POST /api/machine-key/generate`): random keys of the right length; nothing is written. */
export const generateMachineKeys = (validation: string, decryption: string) =>
  api<MachineKeyGenerateResponse>('/api/machine-key/generate', {
    method: 'POST',
    body: { validation, decryption },
  });

function machineKeySpec(path: string): EditorSpec<SectionResponse, MachineKeyValues, SectionChange> {
  const query = sectionQuery(MACHINE_KEY_SECTION, path, undefined);
  return {
    queryKey: query.queryKey,
    load: (signal) => getSection(MACHINE_KEY_SECTION, path, undefined, signal),
    staleTime: query.staleTime as number,
    patch: (body, etag) => patchSection(MACHINE_KEY_SECTION, path, body, etag),
    preview: (body, etag) => previewSection(MACHINE_KEY_SECTION, path, body, etag),
    loaded: loadedValues,
    pending: pendingChange,
    rebase,
    revertBody: (field) => ({ attributes: { [field]: null } }),
  };
}

/** The Machine Key feature page of one level (server, site, application), on the one editor hook. */
export function MachineKeyPage({ path }: { path: string }) {
  const editor = useConfigEditor(machineKeySpec(path));
  const { data, values, loaded } = editor;
  if (editor.status === 'ready' && data && values && loaded)
    return <MachineKeyForm editor={editor} view={data} values={values} loaded={loaded} />;
  if (isConfigFileError(editor.error)) return <ConfigErrorView error={editor.error} />;
  return (
    <div className="page machine-key-page">
      <PageHeader />
      {editor.status === 'loading' ? (
        <p className="pane-message">Loading…</p>
      ) : (
        <p role="alert" className="alert error">
          {errorMessage(editor.error)}
        </p>
      )}
    </div>
  );
}

function PageHeader() {
  return (
    <header className="page-header">
      <h1>
        <span className="page-icon icon-machine-key" aria-hidden="true" />
        Machine Key
      </h1>
    </header>
  );
}

type Editor = ConfigEditor<SectionResponse, MachineKeyValues, SectionChange>;

function MachineKeyForm({
  editor,
  view,
  values,
  loaded,
}: {
  editor: Editor;
  view: SectionResponse;
  values: MachineKeyValues;
  loaded: MachineKeyValues;
}) {
  const id = useId();
  const { editable, busy } = editor;
  const [revertField, setRevertField] = useState<MachineKeyAttribute | null>(null);
  const [generated, setGenerated] = useState<{ ok: boolean; text: string } | null>(null);

  const attr = (name: MachineKeyAttribute) => view.attributes[name];
  const disabled = (name: MachineKeyAttribute) => !editable || (attr(name)?.locked ?? false);
  const errors = [...(editor.pending?.errors ?? []), ...editor.serverErrors];
  const fieldError = (name: MachineKeyAttribute) => errors.find((e) => e.attribute === name)?.message;
  const otherErrors = editor.serverErrors.filter(
    (e) => !['validation', 'decryption', 'validationKey', 'decryptionKey'].includes(e.attribute),
  );

  const set = <K extends MachineKeyAttribute>(name: K, value: MachineKeyValues[K]) => {
    editor.update((v) => ({ ...v, [name]: value }), [name]);
    setGenerated(null);
  };

  const revertFor = (name: MachineKeyAttribute) =>
    editable && attr(name)?.local && !attr(name)?.locked ? (
      <RevertButton
        label={LABELS[name].replace(/:$/, '')}
        isDisabled={busy || isAttributeDirty(name, loaded, values)}
        onPress={() => setRevertField(name)}
      />
    ) : null;

  const generateKeys = async () => {
    setGenerated(null);
    try {
      const keys = await generateMachineKeys(values.validation, values.decryption);
      editor.update((v) => withGeneratedKeys(v, keys), ['validationKey', 'decryptionKey']);
      setGenerated({
        ok: true,
        text: `New keys were generated for ${keys.validation} and ${keys.decryption}. Apply writes them.`,
      });
    } catch (e) {
      setGenerated({ ok: false, text: `Generate Keys failed: ${errorMessage(e)}` });
    }
  };

  const algorithm = (name: 'validation' | 'decryption', options: Array<{ value: string; label: string }>) => (
    <SelectBox
      id={`${id}-${name}`}
      label={LABELS[name]}
      value={values[name]}
      options={options}
      onChange={(v) => set(name, v)}
      isDisabled={disabled(name)}
      error={fieldError(name)}
      describedBy={`${id}-${name}-meta`}
      after={revertFor(name)}
    >
      <div id={`${id}-${name}-meta`} className="field-description">
        <FieldOrigin attr={attr(name)} />
      </div>
    </SelectBox>
  );

  const keysLocked = disabled('validationKey') || disabled('decryptionKey');

  return (
    <div className="page machine-key-page">
      <PageHeader />
      <p className="page-description">
        Use this feature to configure hashing and encryption settings used for application services, such as
        view state, Forms authentication, membership and roles, and anonymous identification.
      </p>
      <EditorAlerts editor={editor} data={view} otherErrors={otherErrors} />
      <TargetFile data={view} />

      <div className="form machine-key-form">
        {algorithm('validation', validationOptions(view))}
        {algorithm('decryption', decryptionOptions())}
        {(['validationKey', 'decryptionKey'] as const).map((name) => (
          <KeyGroup
            key={name}
            name={name}
            setting={values[name]}
            onChange={(s) => set(name, s)}
            isDisabled={disabled(name)}
            error={fieldError(name)}
            origin={<FieldOrigin attr={attr(name)} />}
            revert={revertFor(name)}
          />
        ))}
        {generated && (
          <p role={generated.ok ? 'status' : 'alert'} className={`alert ${generated.ok ? 'info' : 'error'}`}>
            {generated.text}
          </p>
        )}
      </div>

      <EditorActions editor={editor}>
        {editable && (
          <ActionButton icon="✱" onPress={() => void generateKeys()} isDisabled={busy || keysLocked}>
            Generate Keys
          </ActionButton>
        )}
        <ActionLink icon="?" href={MACHINE_KEY_HELP_URL}>
          Help
        </ActionLink>
      </EditorActions>

      {revertField && (
        <RevertDialog
          label={LABELS[revertField].replace(/:$/, '')}
          attributeName={revertField}
          attr={attr(revertField)}
          busy={busy}
          onClose={() => setRevertField(null)}
          onRevert={() =>
            void editor.revert(revertField).then(() => {
              setRevertField(null);
            })
          }
        />
      )}
      <EditorDialogs editor={editor} />
    </div>
  );
}

/**
 * IIS Manager's "Validation key" / "Decryption key" group: "Automatically generate at runtime",
 * "Generate a unique key for each application" (only with the first), and the key itself.
 */
function KeyGroup({
  name,
  setting,
  onChange,
  isDisabled,
  error,
  origin,
  revert,
}: {
  name: KeyAttribute;
  setting: KeySetting;
  onChange(setting: KeySetting): void;
  isDisabled: boolean;
  error: string | undefined;
  origin: ReactNode;
  revert: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset className="group-box key-group">
      <legend>{LABELS[name]}</legend>
      <div className="field-row">
        <CheckBox
          isSelected={setting.autoGenerate}
          onChange={(autoGenerate) => onChange({ ...setting, autoGenerate })}
          isDisabled={isDisabled}
          describedBy={`${id}-meta`}
        >
          {AUTO_GENERATE_LABEL}
        </CheckBox>
        {revert}
      </div>
      <CheckBox
        isSelected={setting.autoGenerate && setting.isolateApps}
        onChange={(isolateApps) => onChange({ ...setting, isolateApps })}
        isDisabled={isDisabled || !setting.autoGenerate}
      >
        {ISOLATE_APPS_LABEL}
      </CheckBox>
      <TextField
        className="field"
        value={setting.key}
        onChange={(key) => onChange({ ...setting, key })}
        isDisabled={isDisabled || setting.autoGenerate}
        isInvalid={error !== undefined}
        validationBehavior="aria"
        aria-describedby={`${id}-meta`}
      >
        <Label className="visually-hidden">{LABELS[name]}</Label>
        <Input className="input key-input" spellCheck={false} autoComplete="off" />
        <FieldError className="field-error">{error}</FieldError>
      </TextField>
      <div id={`${id}-meta`} className="field-description">
        {origin}
      </div>
    </fieldset>
  );
}

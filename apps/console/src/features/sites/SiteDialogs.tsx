// IIS Manager's dialogs of the Sites node: Add Website, Site Bindings (with Add / Edit Site Binding),
// Edit Site (Basic Settings…), Advanced Settings, Add Application / Add Virtual Directory (also
// Convert to Application) and the removal question. Each one writes through a SiteWriter (If-Match,
// IIS Manager's duplicate binding question, stale reload) and closes when the write went through.

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { SiteBinding, SiteItem } from '@iis-console/contracts';
import { errorMessage } from '../../api/client';
import { ConfirmDialog, DialogButtons, ModalDialog } from '../../components/ModalDialog';
import { CheckBox, SelectBox, TextBox } from '../../components/controls';
import {
  ALL_UNASSIGNED,
  bindingError,
  bindingFields,
  bindingOf,
  bindingText,
  NEW_BINDING,
  sameBinding,
  type BindingFields,
} from './bindings';
import { poolNamesQuery, sitesWrites } from './sitesApi';
import { WriteError, type SiteWriter } from './useSiteWriter';

/** The level an action works on: a site (with its Sites row), an application or a virtual directory. */
export interface SiteLevel {
  kind: 'site' | 'application' | 'virtualDirectory';
  /** Site path: `Shop`, `Shop/api`. */
  path: string;
  site?: SiteItem | undefined;
  physicalPath?: string | undefined;
  /** The pool of the application serving the level (a new application's default, as IIS Manager offers). */
  applicationPool?: string | undefined;
}

interface DialogProps {
  writer: SiteWriter;
  onClose(): void;
}

const siteOf = (path: string) => path.split('/')[0] ?? path;

/** OK / Cancel at the bottom of a form dialog, with the last write's error above them. */
function FormButtons({
  writer,
  onClose,
  isDisabled,
}: {
  writer?: SiteWriter;
  onClose(): void;
  isDisabled?: boolean;
}) {
  return (
    <>
      {writer && <WriteError writer={writer} />}
      <DialogButtons>
        <Button type="submit" className="button primary" isDisabled={isDisabled ?? false}>
          OK
        </Button>
        <Button className="button" onPress={onClose}>
          Cancel
        </Button>
      </DialogButtons>
    </>
  );
}

/** The form of a dialog: OK runs `write`; the dialog closes when it went through. */
function WriteForm({
  title,
  writer,
  onClose,
  write,
  isValid,
  children,
  className,
}: DialogProps & {
  title: string;
  write(): Promise<unknown>;
  isValid: boolean;
  children: ReactNode;
  className?: string;
}) {
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isValid || busy) return;
    setBusy(true);
    const done = await write();
    setBusy(false);
    if (done !== undefined) onClose();
  };
  return (
    <ModalDialog title={title} isOpen onClose={onClose} {...(className ? { className } : {})}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {children}
        <FormButtons writer={writer} onClose={onClose} isDisabled={!isValid || busy} />
      </form>
    </ModalDialog>
  );
}

/** IIS Manager's application pool picker (the pools of applicationHost.config). */
function PoolSelect({ value, onChange }: { value: string; onChange(v: string): void }) {
  const id = useId();
  const pools = useQuery(poolNamesQuery());
  const names = pools.data ?? [];
  return (
    <SelectBox
      id={`${id}-pool`}
      label="Application pool"
      value={value}
      options={names.map((n) => ({ value: n, label: n }))}
      onChange={onChange}
      error={pools.isError ? errorMessage(pools.error) : undefined}
    />
  );
}

/** The pool a new site gets by default: IIS's DefaultAppPool when there is one. */
function useDefaultPool(): string {
  const pools = useQuery(poolNamesQuery());
  const names = pools.data ?? [];
  return names.find((n) => n.toLowerCase() === 'defaultapppool') ?? names[0] ?? '';
}

/** Type, IP address, Port, Host name: the binding part of Add Website and of Add / Edit Site Binding. */
function BindingEditor({ value, onChange }: { value: BindingFields; onChange(v: BindingFields): void }) {
  const id = useId();
  const errors = bindingError(value);
  const known = value.type === 'http' || value.type === 'https';
  return (
    <fieldset className="group-box">
      <legend>Binding</legend>
      <SelectBox
        id={`${id}-type`}
        label="Type"
        value={value.type}
        options={[
          { value: 'http', label: 'http' },
          { value: 'https', label: 'https' },
        ]}
        onChange={(type) =>
          onChange({
            ...value,
            type,
            // IIS Manager switches the port with the type while it is the other type's default.
            port:
              type === 'https' && value.port === '80'
                ? '443'
                : type === 'http' && value.port === '443'
                  ? '80'
                  : value.port,
          })
        }
        isDisabled={!known}
      />
      <TextBox
        label="IP address"
        value={value.ip}
        onChange={(ip) => onChange({ ...value, ip })}
        error={errors.ip}
        description={`${ALL_UNASSIGNED}, or an address of this server`}
      />
      <TextBox
        label="Port"
        value={value.port}
        onChange={(port) => onChange({ ...value, port })}
        error={errors.port}
        inputClassName="narrow"
      />
      <TextBox
        label="Host name"
        value={value.host}
        onChange={(host) => onChange({ ...value, host })}
        description="Example: www.contoso.com or marketing.contoso.com"
      />
    </fieldset>
  );
}

const bindingValid = (f: BindingFields) => Object.keys(bindingError(f)).length === 0;

export function AddWebsiteDialog({ writer, onClose }: DialogProps) {
  const defaultPool = useDefaultPool();
  const [name, setName] = useState('');
  const [pool, setPool] = useState<string | undefined>(undefined);
  const [physicalPath, setPhysicalPath] = useState('');
  const [binding, setBinding] = useState<BindingFields>(NEW_BINDING);
  const [start, setStart] = useState(true);
  const applicationPool = pool ?? defaultPool;
  const valid = name.trim() !== '' && physicalPath.trim() !== '' && bindingValid(binding);
  return (
    <WriteForm
      title="Add Website"
      writer={writer}
      onClose={onClose}
      isValid={valid}
      className="wide"
      write={() =>
        writer.run((etag, allowDuplicateBinding) =>
          sitesWrites.addSite(
            {
              name: name.trim(),
              physicalPath: physicalPath.trim(),
              ...(applicationPool ? { applicationPool } : {}),
              bindings: [bindingOf(binding)],
              serverAutoStart: start,
              ...(allowDuplicateBinding ? { allowDuplicateBinding } : {}),
            },
            etag,
          ),
        )
      }
    >
      <TextBox label="Site name" value={name} onChange={setName} autoFocus />
      <PoolSelect value={applicationPool} onChange={setPool} />
      <fieldset className="group-box">
        <legend>Content Directory</legend>
        <TextBox label="Physical path" value={physicalPath} onChange={setPhysicalPath} />
      </fieldset>
      <BindingEditor value={binding} onChange={setBinding} />
      <CheckBox isSelected={start} onChange={setStart}>
        Start Website immediately
      </CheckBox>
    </WriteForm>
  );
}

/** Add Site Binding / Edit Site Binding: one binding's fields; OK hands the binding back. */
function BindingDialog({
  title,
  initial,
  onOk,
  onClose,
}: {
  title: string;
  initial: BindingFields;
  onOk(b: SiteBinding): void;
  onClose(): void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <ModalDialog title={title} isOpen onClose={onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (bindingValid(value)) onOk(bindingOf(value));
        }}
      >
        <BindingEditor value={value} onChange={setValue} />
        <FormButtons onClose={onClose} isDisabled={!bindingValid(value)} />
      </form>
    </ModalDialog>
  );
}

/**
 * Site Bindings (Edit Bindings…): the site's bindings with Add…, Edit…, Remove and Close. As in IIS
 * Manager, each change is saved when its dialog closes with OK (the list is sent whole; the server
 * writes only what changed).
 */
export function SiteBindingsDialog({ writer, onClose, site }: DialogProps & { site: SiteItem }) {
  const id = useId();
  const [bindings, setBindings] = useState<SiteBinding[]>(site.bindings);
  const [selected, setSelected] = useState(0);
  const [editing, setEditing] = useState<'add' | 'edit' | 'remove' | null>(null);
  const current = bindings[selected];

  const save = async (next: SiteBinding[]) => {
    setEditing(null);
    const result = await writer.run((etag, allow) => sitesWrites.setBindings(site.name, next, etag, allow));
    if (result) setBindings(result.site?.bindings ?? next);
  };

  return (
    <ModalDialog title="Site Bindings" isOpen onClose={onClose} className="wide">
      <label htmlFor={`${id}-list`} className="field-label">
        Site bindings
      </label>
      <div className="bindings-row">
        <select
          id={`${id}-list`}
          className="select bindings-list"
          size={6}
          value={current ? String(selected) : ''}
          onChange={(e) => setSelected(Number(e.target.value))}
        >
          {bindings.map((b, i) => (
            <option key={`${b.protocol}|${b.bindingInformation}`} value={String(i)}>
              {bindingText(b)}
            </option>
          ))}
        </select>
        <div className="bindings-buttons">
          <Button className="button" onPress={() => setEditing('add')}>
            Add...
          </Button>
          <Button className="button" isDisabled={!current} onPress={() => setEditing('edit')}>
            Edit...
          </Button>
          <Button className="button" isDisabled={!current} onPress={() => setEditing('remove')}>
            Remove
          </Button>
        </div>
      </div>
      <WriteError writer={writer} />
      <DialogButtons>
        <Button className="button" onPress={onClose}>
          Close
        </Button>
      </DialogButtons>
      {editing === 'add' && (
        <BindingDialog
          title="Add Site Binding"
          initial={NEW_BINDING}
          onClose={() => setEditing(null)}
          onOk={(b) => void save([...bindings.filter((x) => !sameBinding(x, b)), b])}
        />
      )}
      {editing === 'edit' && current && (
        <BindingDialog
          title="Edit Site Binding"
          initial={bindingFields(current)}
          onClose={() => setEditing(null)}
          onOk={(b) => void save(bindings.map((x, i) => (i === selected ? b : x)))}
        />
      )}
      {editing === 'remove' && current && (
        <ConfirmDialog
          title="Site Bindings"
          onNo={() => setEditing(null)}
          onYes={() => {
            setSelected(0);
            void save(bindings.filter((_, i) => i !== selected));
          }}
        >
          <p>Are you sure that you want to remove the selected binding?</p>
        </ConfirmDialog>
      )}
    </ModalDialog>
  );
}

/**
 * Basic Settings… (IIS Manager's "Edit Site": application pool, physical path) and Advanced
 * Settings… (ID, Name, Physical Path, Application Pool, Start Automatically): one form, two layouts.
 */
export function SiteSettingsDialog({
  writer,
  onClose,
  site,
  advanced,
}: DialogProps & { site: SiteItem; advanced: boolean }) {
  const id = useId();
  const [pool, setPool] = useState(site.applicationPool);
  const [physicalPath, setPhysicalPath] = useState(site.physicalPath);
  const [siteId, setSiteId] = useState(site.id);
  const [autoStart, setAutoStart] = useState(site.serverAutoStart);
  const idError =
    /^\d{1,10}$/.test(siteId) && Number(siteId) > 0 ? undefined : 'The ID must be a positive number.';
  const change = {
    ...(pool !== site.applicationPool ? { applicationPool: pool } : {}),
    ...(physicalPath !== site.physicalPath ? { physicalPath: physicalPath.trim() } : {}),
    ...(siteId !== site.id ? { id: siteId } : {}),
    ...(autoStart !== site.serverAutoStart ? { serverAutoStart: autoStart } : {}),
  };
  const valid = physicalPath.trim() !== '' && idError === undefined;
  return (
    <WriteForm
      title={advanced ? 'Advanced Settings' : 'Edit Site'}
      writer={writer}
      onClose={onClose}
      isValid={valid}
      className="wide"
      write={() =>
        Object.keys(change).length === 0
          ? Promise.resolve(true)
          : writer.run((etag) => sitesWrites.setSettings(site.name, change, etag))
      }
    >
      {advanced && <TextBox label="ID" value={siteId} onChange={setSiteId} error={idError} />}
      <TextBox label={advanced ? 'Name' : 'Site name'} value={site.name} onChange={() => {}} isDisabled />
      <PoolSelect value={pool} onChange={setPool} />
      <TextBox
        label={advanced ? 'Physical Path' : 'Physical path'}
        value={physicalPath}
        onChange={setPhysicalPath}
      />
      {advanced && (
        <SelectBox
          id={`${id}-autostart`}
          label="Start Automatically"
          value={String(autoStart)}
          options={[
            { value: 'true', label: 'True' },
            { value: 'false', label: 'False' },
          ]}
          onChange={(v) => setAutoStart(v === 'true')}
        />
      )}
    </WriteForm>
  );
}

/**
 * Add Application… / Add Virtual Directory… below `parent`, and Convert to Application (IIS Manager's
 * Add Application dialog with the alias and path of the virtual directory given).
 */
export function AddChildDialog({
  writer,
  onClose,
  parent,
  kind,
}: DialogProps & { parent: SiteLevel; kind: 'application' | 'virtualDirectory' | 'convert' }) {
  const defaultPool = useDefaultPool();
  const convert = kind === 'convert';
  const slash = parent.path.lastIndexOf('/');
  const [alias, setAlias] = useState(convert ? parent.path.slice(slash + 1) : '');
  const [physicalPath, setPhysicalPath] = useState(convert ? (parent.physicalPath ?? '') : '');
  const [pool, setPool] = useState<string | undefined>(undefined);
  const applicationPool = pool ?? (parent.applicationPool || defaultPool);
  const under = convert ? parent.path.slice(0, slash) : parent.path;
  const inSite = under.includes('/') ? under.slice(under.indexOf('/')) : '/';
  // Converting keeps the virtual directory's alias and physical path: only the pool is chosen.
  const valid = convert || (alias.trim() !== '' && physicalPath.trim() !== '');
  const write = () =>
    writer.run((etag) => {
      const chosen = applicationPool || undefined;
      if (convert) return sitesWrites.convert(parent.path, chosen, etag);
      const body = { parent: parent.path, alias: alias.trim(), physicalPath: physicalPath.trim() };
      return kind === 'application'
        ? sitesWrites.addApplication({ ...body, ...(chosen ? { applicationPool: chosen } : {}) }, etag)
        : sitesWrites.addVirtualDirectory(body, etag);
    });
  return (
    <WriteForm
      title={kind === 'virtualDirectory' ? 'Add Virtual Directory' : 'Add Application'}
      writer={writer}
      onClose={onClose}
      isValid={valid}
      write={write}
      className="wide"
    >
      <TextBox label="Site name" value={siteOf(parent.path)} onChange={() => {}} isDisabled />
      <TextBox label="Path" value={inSite} onChange={() => {}} isDisabled />
      <TextBox label="Alias" value={alias} onChange={setAlias} isDisabled={convert} autoFocus={!convert} />
      {kind !== 'virtualDirectory' && <PoolSelect value={applicationPool} onChange={setPool} />}
      <TextBox label="Physical path" value={physicalPath} onChange={setPhysicalPath} isDisabled={convert} />
    </WriteForm>
  );
}

const KIND_NAMES = { site: 'site', application: 'application', virtualDirectory: 'virtual directory' };

/** Remove: asks first, and says that only the configuration goes. */
export function RemoveDialog({
  writer,
  onClose,
  onRemoved,
  level,
}: DialogProps & { level: SiteLevel; onRemoved(): void }) {
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    const result = await writer.run((etag) =>
      level.kind === 'site'
        ? sitesWrites.removeSite(level.path, etag)
        : level.kind === 'application'
          ? sitesWrites.removeApplication(level.path, etag)
          : sitesWrites.removeVirtualDirectory(level.path, etag),
    );
    setBusy(false);
    if (result) onRemoved();
  };
  return (
    <ConfirmDialog title="Confirm Remove" isBusy={busy} onYes={() => void remove()} onNo={onClose}>
      <p>
        Are you sure that you want to remove the {KIND_NAMES[level.kind]} &quot;{level.path}&quot;?
      </p>
      <p>Only its configuration is removed: its content on disk is not deleted.</p>
      <WriteError writer={writer} />
    </ConfirmDialog>
  );
}

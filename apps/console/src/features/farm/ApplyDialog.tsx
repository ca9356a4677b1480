// Apply to Servers…: one Session State change ("State Server at tcpip=stateserver:42424 on all four")
// for one site path, on the servers chosen. Next previews it on each server (POST
// /api/farm/session-state/preview: that server's diff and the ETag it was computed on); Apply sends it
// once (POST /api/farm/session-state) with those ETags, so each server writes exactly the diff shown or
// refuses because it changed since. The result per server is the page's to show.

import { useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import type { FarmApplyResponse, FarmPreviewResult, SessionStatePatch } from '@iis-console/contracts';
import { DiffView } from '../../components/DiffView';
import { DialogButtons, ModalDialog } from '../../components/ModalDialog';
import { CheckBox, SelectBox, TextBox } from '../../components/controls';
import { applyToServers, previewOnServers } from './api';
import { connectError, ErrorAlert, type ConnectError } from './ConnectServerDialog';

export const MODES = [
  { value: '', label: '(leave as it is)' },
  { value: 'Off', label: 'Not enabled (Off)' },
  { value: 'InProc', label: 'In process (InProc)' },
  { value: 'StateServer', label: 'State Server (StateServer)' },
  { value: 'SQLServer', label: 'SQL Server (SQLServer)' },
  { value: 'Custom', label: 'Custom' },
];

export interface ApplyServer {
  id: string;
  name: string;
  /** Why it is not offered checked (not reachable at the last compare). */
  note?: string;
}

interface ApplyDialogProps {
  path: string;
  servers: readonly ApplyServer[];
  onClose(): void;
  onApplied(response: FarmApplyResponse): void;
}

/** The change as `PATCH /api/config/session-state` takes it, or the fields' errors. */
export function applyChanges(form: { mode: string; stateConnectionString: string; timeout: string }): {
  changes: SessionStatePatch;
  errors: Record<string, string>;
} {
  const changes: SessionStatePatch = {};
  const errors: Record<string, string> = {};
  if (form.mode !== '') changes.mode = form.mode;
  if (form.stateConnectionString.trim() !== '') {
    const text = form.stateConnectionString.trim();
    if (!/^tcpip\s*=\s*[^;\s]+:\d+$/i.test(text))
      errors.stateConnectionString = 'A state server connection string: tcpip=<server>:<port>.';
    else changes.stateConnectionString = text;
  }
  if (form.timeout.trim() !== '') {
    const minutes = Number(form.timeout.trim());
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 525600)
      errors.timeout = 'The time-out is a whole number of minutes from 1 to 525600.';
    else changes.timeout = minutes;
  }
  if (Object.keys(changes).length === 0 && Object.keys(errors).length === 0)
    errors.mode = 'Choose at least one setting to change.';
  return { changes, errors };
}

function describe(changes: SessionStatePatch): string {
  return Object.entries(changes)
    .map(([name, value]) => `${name}="${String(value)}"`)
    .join(', ');
}

interface Preview {
  changes: SessionStatePatch;
  results: FarmPreviewResult[];
}

/** The servers Apply writes: those that previewed the change (ok), each with the ETag of its preview. */
const writable = (preview: Preview) => preview.results.filter((r) => r.status === 'ok');

/** Each server's diff, "no change", or why it will not be changed. */
function PreviewList({ results }: { results: FarmPreviewResult[] }) {
  return (
    <section aria-label="Changes per server" className="farm-preview">
      {results.map((r) => (
        <div key={r.id} className="farm-preview-server">
          <h3>{r.name}</h3>
          {r.status !== 'ok' ? (
            <p className="field-error">
              {r.status === 'failed' ? 'Not reachable' : 'Refused'}: {r.message} It will not be changed.
            </p>
          ) : !r.changed ? (
            <p>No change: it has these values already.</p>
          ) : (
            (r.files ?? []).map((f) => <DiffView key={f.file} diff={f.diff} />)
          )}
        </div>
      ))}
    </section>
  );
}

export function ApplyDialog({ path, servers, onClose, onApplied }: ApplyDialogProps) {
  const [mode, setMode] = useState('');
  const [connection, setConnection] = useState('');
  const [timeout, setMinutes] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(servers.filter((s) => s.note === undefined).map((s) => s.id)),
  );
  const [fields, setFields] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConnectError | null>(null);
  const targets = servers.filter((s) => chosen.has(s.id));
  const writing = confirm ? writable(confirm) : [];

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
    setConfirm(null);
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (confirm) return void apply(confirm);
    const { changes, errors } = applyChanges({ mode, stateConnectionString: connection, timeout });
    if (targets.length === 0) errors.servers = 'Choose at least one server.';
    setFields(errors);
    if (Object.keys(errors).length === 0) void preview(changes);
  };

  /** Runs a request with the dialog busy; its error is shown in the dialog. */
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(connectError(e));
    }
    setBusy(false);
  };

  const preview = (changes: SessionStatePatch) =>
    run(async () => {
      const { results } = await previewOnServers({ path, servers: targets.map((s) => s.id), changes });
      setConfirm({ changes, results });
    });

  const apply = (previewed: Preview) =>
    run(async () => {
      const servers = writable(previewed);
      onApplied(
        await applyToServers({
          path,
          servers: servers.map((s) => s.id),
          changes: previewed.changes,
          etags: Object.fromEntries(servers.flatMap((s) => (s.etag ? [[s.id, s.etag]] : []))),
        }),
      );
    });

  const where = path === '' ? 'the server level' : `“${path}”`;
  return (
    <ModalDialog title="Apply to Servers" isOpen onClose={onClose} className="farm-apply-dialog">
      <form onSubmit={next} noValidate>
        <p className="field-description">
          Session State of {where}: each server is changed on its own, with its own ETag. Leave a field empty
          to keep each server’s value.
        </p>
        <SelectBox
          id="farm-apply-mode"
          label="Session state mode:"
          value={mode}
          options={MODES}
          onChange={(v) => {
            setMode(v);
            setConfirm(null);
          }}
          error={fields.mode}
          isDisabled={confirm !== null}
        />
        <TextBox
          label="State server connection string:"
          value={connection}
          onChange={(v) => {
            setConnection(v);
            setConfirm(null);
          }}
          error={fields.stateConnectionString}
          description="For example tcpip=stateserver:42424"
          isDisabled={confirm !== null}
        />
        <TextBox
          label="Time-out (in minutes):"
          value={timeout}
          onChange={(v) => {
            setMinutes(v);
            setConfirm(null);
          }}
          error={fields.timeout}
          isDisabled={confirm !== null}
        />
        <fieldset
          className="farm-server-choice"
          aria-describedby={fields.servers ? 'farm-apply-servers-error' : undefined}
        >
          <legend>Servers:</legend>
          {servers.map((s) => (
            <CheckBox
              key={s.id}
              isSelected={chosen.has(s.id)}
              onChange={(on) => toggle(s.id, on)}
              isDisabled={confirm !== null}
            >
              {s.note ? `${s.name} (${s.note})` : s.name}
            </CheckBox>
          ))}
          {fields.servers && (
            <div id="farm-apply-servers-error" className="field-error">
              {fields.servers}
            </div>
          )}
        </fieldset>
        {confirm && <PreviewList results={confirm.results} />}
        {confirm && (
          <div role="status" className="alert farm-confirm">
            {writing.length === 0
              ? 'No server can take the change.'
              : `Set ${describe(confirm.changes)} in the Session State of ${where} on ${writing.length} ` +
                `${writing.length === 1 ? 'server' : 'servers'}: ${writing.map((s) => s.name).join(', ')}? ` +
                'Each server is written only if it has not changed since this preview.'}
          </div>
        )}
        <ErrorAlert error={error} />
        <DialogButtons>
          <Button
            type="submit"
            className="button primary"
            isDisabled={busy || (confirm !== null && writing.length === 0)}
          >
            {confirm ? 'Apply' : 'Next'}
          </Button>
          {confirm && (
            <Button className="button" isDisabled={busy} onPress={() => setConfirm(null)}>
              Back
            </Button>
          )}
          <Button className="button" onPress={onClose}>
            Cancel
          </Button>
        </DialogButtons>
      </form>
    </ModalDialog>
  );
}

// IIS Manager's Connect to a Server… for the farm: the name shown in Connections, the URL of the other
// IIS Console and an API token made there. An https:// server's certificate fingerprint is shown and
// confirmed before it is pinned; plain http:// to another host needs "Send the token without encryption".

import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import type { ServerSummary } from '@iis-console/contracts';
import { ApiRequestError, errorMessage } from '../../api/client';
import { DialogButtons, ModalDialog } from '../../components/ModalDialog';
import { CheckBox, TextBox } from '../../components/controls';
import { farmKeys, probeServer, registerServer, urlKind } from './api';

/** What went wrong, in one line above the server's own message. */
const ERROR_TITLES: Record<string, string> = {
  SERVER_TOKEN_REFUSED: 'The server refused the API token.',
  SERVER_UNREACHABLE: 'The server cannot be reached.',
  SERVER_TIMEOUT: 'The server did not answer in time.',
  SERVER_CERTIFICATE_CHANGED: 'The server presents another certificate.',
  SERVER_EXISTS: 'This server is connected already.',
  SERVER_URL: 'This URL cannot be used.',
  NOT_IIS_CONSOLE: 'This is not an IIS Console.',
};

export interface ConnectError {
  title: string;
  message: string;
}

export function connectError(error: unknown): ConnectError {
  const code = error instanceof ApiRequestError ? error.code : '';
  return { title: ERROR_TITLES[code] ?? 'The server could not be connected.', message: errorMessage(error) };
}

export function ErrorAlert({ error }: { error: ConnectError | null }) {
  if (!error) return null;
  return (
    <div role="alert" className="alert error farm-error">
      <strong>{error.title}</strong> {error.message}
    </div>
  );
}

interface ConnectServerDialogProps {
  onClose(): void;
  onConnected(server: ServerSummary): void;
}

export function ConnectServerDialog({ onClose, onConnected }: ConnectServerDialogProps) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [insecure, setInsecure] = useState(false);
  /** The fingerprint the https:// server presents, once asked; confirmed by the checkbox. */
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const [trusted, setTrusted] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<ConnectError | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = urlKind(url);

  const changeUrl = (value: string) => {
    setUrl(value);
    setFingerprint(null);
    setTrusted(false);
  };

  const connect = async (request: Parameters<typeof registerServer>[0]) => {
    const server = await registerServer(request);
    await queryClient.invalidateQueries({ queryKey: farmKeys.servers });
    onConnected(server);
  };

  const submit = async () => {
    const problems: Record<string, string> = {};
    if (name.trim() === '') problems.name = 'Enter the name to show for the server in Connections.';
    if (kind === 'invalid')
      problems.url =
        'Enter the URL of the other IIS Console: https://host:port (http:// on this machine only).';
    if (token.trim() === '') problems.token = 'Enter an API token made on that server.';
    if (kind === 'insecure' && !insecure)
      problems.insecure = 'Confirm that the token may travel unencrypted, or use an https:// URL.';
    if (kind === 'https' && fingerprint !== null && !trusted)
      problems.trusted = 'Confirm that the fingerprint is the one of the server’s certificate.';
    setFields(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    const request = { name: name.trim(), url: url.trim(), token: token.trim() };
    setBusy(true);
    try {
      if (kind === 'https' && fingerprint === null) {
        // Show the certificate first (nothing is saved, no token is sent): the administrator compares
        // its fingerprint with the one shown on that server.
        setFingerprint((await probeServer(request.url, false)).fingerprint ?? '');
        return;
      }
      await connect({
        ...request,
        ...(kind === 'insecure' ? { allowInsecure: true } : {}),
        ...(kind === 'https' && fingerprint !== null ? { fingerprint } : {}),
      });
    } catch (e) {
      setError(connectError(e));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) void submit();
  };

  return (
    <ModalDialog title="Connect to a Server" isOpen onClose={onClose} className="farm-connect-dialog">
      <form onSubmit={onSubmit} noValidate>
        <TextBox
          label="Server name:"
          value={name}
          onChange={setName}
          error={fields.name}
          description="The name shown for the server in Connections (for example WEB2)."
          autoFocus
        />
        <TextBox
          label="URL of the IIS Console on that server:"
          value={url}
          onChange={changeUrl}
          error={fields.url}
          description="For example https://web2.example.com:8172"
        />
        <TextBox
          label="API token:"
          type="password"
          value={token}
          onChange={setToken}
          error={fields.token}
          description="Made on that server by an administrator (POST /api/tokens there). It is stored here and never shown again."
        />
        {kind === 'insecure' && (
          <div className="field">
            <p id="farm-insecure-warning" className="field-description">
              This URL is plain HTTP to another computer: the token would travel unencrypted.
            </p>
            <CheckBox
              isSelected={insecure}
              onChange={setInsecure}
              isInvalid={fields.insecure !== undefined}
              describedBy={
                fields.insecure ? 'farm-insecure-warning farm-insecure-error' : 'farm-insecure-warning'
              }
            >
              Send the token without encryption
            </CheckBox>
            {fields.insecure && (
              <div id="farm-insecure-error" className="field-error">
                {fields.insecure}
              </div>
            )}
          </div>
        )}
        {kind === 'https' && fingerprint !== null && (
          <div className="field farm-certificate">
            <p id="farm-fingerprint-text" className="field-description">
              The server presents a certificate with the SHA-256 fingerprint
            </p>
            <code className="farm-fingerprint" aria-label="Certificate fingerprint">
              {fingerprint}
            </code>
            <p className="field-description">
              Compare it with the fingerprint shown on that server. Once connected, a different certificate is
              refused until an administrator accepts it.
            </p>
            <CheckBox
              isSelected={trusted}
              onChange={setTrusted}
              isInvalid={fields.trusted !== undefined}
              describedBy={
                fields.trusted ? 'farm-fingerprint-text farm-trusted-error' : 'farm-fingerprint-text'
              }
            >
              This is the server’s certificate: trust it
            </CheckBox>
            {fields.trusted && (
              <div id="farm-trusted-error" className="field-error">
                {fields.trusted}
              </div>
            )}
          </div>
        )}
        <ErrorAlert error={error} />
        <DialogButtons>
          <Button type="submit" className="button primary" isDisabled={busy}>
            {kind === 'https' && fingerprint === null ? 'Next' : 'Connect'}
          </Button>
          <Button className="button" onPress={onClose}>
            Cancel
          </Button>
        </DialogButtons>
      </form>
    </ModalDialog>
  );
}

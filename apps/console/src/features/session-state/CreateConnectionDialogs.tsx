import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Label, RadioGroup } from 'react-aria-components';
import { DialogButtons, ModalDialog } from '../../components/ModalDialog';
import { RadioButton, TextBox } from '../../components/controls';
import { isValidPort, sqlServerConnectionString, stateServerConnectionString } from './connectionStrings';

interface CreateDialogProps {
  onClose(): void;
  /** OK: the connection string to put into the page's text box. */
  onCreate(connectionString: string): void;
}

/** "Create State Server Connection String": Server (loopback) and Port (42424) → `tcpip=server:port`. */
export function CreateStateServerDialog({ onClose, onCreate }: CreateDialogProps) {
  const [server, setServer] = useState('loopback');
  const [port, setPort] = useState('42424');
  const serverError = server.trim() === '' ? 'Type the name or address of the state server.' : undefined;
  const portError = isValidPort(port) ? undefined : 'The port must be a number from 0 to 65535.';
  const valid = serverError === undefined && portError === undefined;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!valid) return;
    onCreate(stateServerConnectionString(server, port));
  };

  return (
    <ModalDialog title="Create State Server Connection String" isOpen onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextBox label="Server" value={server} onChange={setServer} error={serverError} autoFocus />
        <TextBox label="Port" value={port} onChange={setPort} error={portError} inputClassName="narrow" />
        <p className="dialog-preview">
          Connection string: <code>{valid ? stateServerConnectionString(server, port) : ''}</code>
        </p>
        <DialogButtons>
          <Button type="submit" className="button primary" isDisabled={!valid}>
            OK
          </Button>
          <Button className="button" onPress={onClose}>
            Cancel
          </Button>
        </DialogButtons>
      </form>
    </ModalDialog>
  );
}

/**
 * "Create SQL Server Connection String", modelled on IIS Manager's Add Connection String dialog: Server,
 * Database (only with "Enable custom database"), and Windows Integrated Security or a user and password.
 */
export function CreateSqlServerDialog({
  onClose,
  onCreate,
  allowCustomDatabase,
}: CreateDialogProps & { allowCustomDatabase: boolean }) {
  const [server, setServer] = useState('localhost');
  const [database, setDatabase] = useState('');
  const [credentials, setCredentials] = useState<'integrated' | 'specify'>('integrated');
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');

  const serverError = server.trim() === '' ? 'Type the name of the SQL Server.' : undefined;
  const specify = credentials === 'specify';
  const userError = specify && userName.trim() === '' ? 'Type a user name.' : undefined;
  const confirmError = specify && password !== confirm ? 'The passwords do not match.' : undefined;
  const valid = serverError === undefined && userError === undefined && confirmError === undefined;

  const result = () =>
    sqlServerConnectionString({
      server,
      database: allowCustomDatabase ? database : '',
      credentials,
      userName,
      password,
    });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (valid) onCreate(result());
  };

  return (
    <ModalDialog title="Create SQL Server Connection String" isOpen onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextBox label="Server" value={server} onChange={setServer} error={serverError} autoFocus />
        {allowCustomDatabase && (
          <TextBox
            label="Database"
            value={database}
            onChange={setDatabase}
            description="Leave empty to use the ASPState database."
          />
        )}
        <RadioGroup
          className="radio-group"
          value={credentials}
          onChange={(v) => setCredentials(v === 'specify' ? 'specify' : 'integrated')}
        >
          <Label className="group-label">Credentials</Label>
          <RadioButton value="integrated">Use Windows Integrated Security</RadioButton>
          <RadioButton value="specify">Specify credentials</RadioButton>
        </RadioGroup>
        {specify && (
          <div className="indented">
            <TextBox label="User name" value={userName} onChange={setUserName} error={userError} />
            <TextBox label="Password" type="password" value={password} onChange={setPassword} />
            <TextBox
              label="Confirm password"
              type="password"
              value={confirm}
              onChange={setConfirm}
              error={confirmError}
            />
          </div>
        )}
        <DialogButtons>
          <Button type="submit" className="button primary" isDisabled={!valid}>
            OK
          </Button>
          <Button className="button" onPress={onClose}>
            Cancel
          </Button>
        </DialogButtons>
      </form>
    </ModalDialog>
  );
}

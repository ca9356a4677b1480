import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { errorMessage } from '../api/client';
import { useAuth } from './AuthContext';

export function SignInPage() {
  const { signIn, notice } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (username === '' || password === '') {
      setError('Type a user name and a password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in-box" onSubmit={submit} noValidate>
        <div className="sign-in-banner" aria-hidden="true">
          Internet Information Services (IIS) Manager
        </div>
        <h1>Sign in to IIS Console</h1>
        {notice && <p className="notice">{notice}</p>}
        <TextField className="field" value={username} onChange={setUsername} autoComplete="username">
          <Label>User name</Label>
          <Input autoFocus />
        </TextField>
        <TextField
          className="field"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
        >
          <Label>Password</Label>
          <Input />
        </TextField>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <Button type="submit" className="button primary" isDisabled={busy}>
          Sign in
        </Button>
      </form>
    </main>
  );
}

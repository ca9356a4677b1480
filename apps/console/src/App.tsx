import { useAuth } from './auth/AuthContext';
import { SignInPage } from './auth/SignInPage';
import { Shell } from './shell/Shell';

/** Sign-in until there is a session, then IIS Manager's window. */
export function App() {
  const { user } = useAuth();
  if (user === undefined) return <p className="boot">Loading…</p>;
  if (user === null) return <SignInPage />;
  return <Shell />;
}

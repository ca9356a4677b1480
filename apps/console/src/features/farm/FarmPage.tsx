// The Farm view: one site path's session state, machine key and site ID on each chosen server, side by
// side; disagreements marked "Differs", servers that could not be read named at the top (the table then
// covers the others only), the farm checks in one sentence each, and Apply to Servers….

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import type { FarmApplyResponse, FarmSessionStateResponse, ServerSummary } from '@iis-console/contracts';
import { errorMessage } from '../../api/client';
import { useUser } from '../../auth/AuthContext';
import { CheckBox } from '../../components/controls';
import { useRoute, useRouter } from '../../routing/RouterContext';
import { ActionButton, ActionGroup, PageActions } from '../../shell/ActionsPane';
import type { ConnectionsNode } from '../../shell/treeModel';
import { useServerTree } from '../../shell/useServerTree';
import { farmCompareQuery, farmKeys, serversQuery } from './api';
import { ApplyDialog, type ApplyServer } from './ApplyDialog';

const SECTION_NAMES: Record<string, string> = {
  'system.web/sessionState': 'Session State',
  'system.web/sessionPageState': 'Session Page State',
  'system.web/machineKey': 'Machine Key',
  site: 'Site',
};

const CHECK_TITLES: Record<string, string> = {
  FarmSiteId: 'Site ID',
  FarmMachineKey: 'Machine key',
  FarmLoopbackStateServer: 'State store on loopback',
};

const STATUS_TEXT = { ok: 'read', unreachable: 'not reachable', error: 'error' } as const;

/** Every site and application path of the tree, for the path box's suggestions. */
function sitePaths(root: ConnectionsNode | undefined): string[] {
  const out: string[] = [];
  const walk = (node: ConnectionsNode) => {
    if (node.kind === 'site' || node.kind === 'application') out.push(node.path);
    node.children.forEach(walk);
  };
  if (root) walk(root);
  return out;
}

export function farmHref(path: string, servers: readonly string[] | null): string {
  const q = new URLSearchParams({ path });
  if (servers) q.set('servers', servers.join(','));
  return `/farm?${q.toString()}`;
}

function Unread({ data }: { data: FarmSessionStateResponse }) {
  const unread = data.servers.filter((s) => s.status !== 'ok');
  if (data.complete && unread.length === 0) return null;
  return (
    <div role="alert" className="alert error farm-incomplete">
      <strong>Incomplete: not every server could be read.</strong> The comparison covers the servers read
      only.
      <ul>
        {unread.map((s) => (
          <li key={s.id}>
            {s.name}: {STATUS_TEXT[s.status]}
            {s.message ? ` — ${s.message}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Checks({ data }: { data: FarmSessionStateResponse }) {
  const names = new Map(data.servers.map((s) => [s.id, s.name]));
  return (
    <section aria-labelledby="farm-checks-title" className="farm-checks">
      <h2 id="farm-checks-title">Farm checks</h2>
      {data.checks.length === 0 ? (
        <p>
          No problem found: the site ID, the machine key and the state store let these servers share session
          state{data.complete ? '' : ' (of the servers read)'}.
        </p>
      ) : (
        <ul>
          {data.checks.map((c) => (
            <li key={c.code} className={`farm-check ${c.severity}`}>
              <span className="farm-check-severity">
                <span aria-hidden="true">{c.severity === 'error' ? '⛔ ' : '⚠ '}</span>
                {c.severity === 'error' ? 'Error' : 'Warning'}
              </span>{' '}
              <strong>
                {CHECK_TITLES[c.code] ?? c.code} ({c.code}):
              </strong>{' '}
              {c.message}
              {c.servers.length > 0 && (
                <span className="field-description">
                  {' '}
                  Servers: {c.servers.map((id) => names.get(id) ?? id).join(', ')}.
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Comparison({ data }: { data: FarmSessionStateResponse }) {
  const differing = data.attributes.filter((a) => !a.agree).length;
  return (
    <section aria-labelledby="farm-table-title">
      <h2 id="farm-table-title">Settings of {data.path === '' ? 'the server level' : `“${data.path}”`}</h2>
      <p role="status" className="farm-summary">
        {differing === 0
          ? `Every setting is the same on the servers read (${data.attributes.length} settings).`
          : `${differing} of ${data.attributes.length} settings differ between servers.`}
      </p>
      {/* Focusable: a wide table scrolls sideways by keyboard too. */}
      <div className="farm-table-scroll" tabIndex={0} role="group" aria-label="Settings by server">
        <table className="grid farm-table" aria-labelledby="farm-table-title">
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Setting</th>
              {data.servers.map((s) => (
                <th scope="col" key={s.id}>
                  {s.name}
                  {s.status !== 'ok' && <span className="farm-unread"> ({STATUS_TEXT[s.status]})</span>}
                </th>
              ))}
              <th scope="col">Comparison</th>
            </tr>
          </thead>
          <tbody>
            {data.attributes.map((a) => (
              <tr key={`${a.section}/${a.name}`} className={a.agree ? undefined : 'farm-differs'}>
                <td>{SECTION_NAMES[a.section] ?? a.section}</td>
                <th scope="row">{a.name}</th>
                {data.servers.map((s) => {
                  const value = a.values[s.id] ?? null;
                  return (
                    <td key={s.id} className="farm-value">
                      {s.status !== 'ok' ? (
                        <span className="farm-unread">Not read</span>
                      ) : value === null ? (
                        <span className="farm-unread">(none)</span>
                      ) : (
                        value
                      )}
                    </td>
                  );
                })}
                <td>
                  {a.agree ? (
                    'Same'
                  ) : (
                    <strong className="farm-differs-label">
                      <span aria-hidden="true">≠ </span>Differs
                    </strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ApplyResults({ result, onDismiss }: { result: FarmApplyResponse; onDismiss(): void }) {
  const LABELS = { applied: 'Applied', refused: 'Refused', failed: 'Failed' } as const;
  return (
    <section aria-labelledby="farm-results-title" className="farm-results">
      <h2 id="farm-results-title">Apply to Servers: results</h2>
      <p role="status">
        {result.allApplied
          ? 'Applied on every server.'
          : 'Not applied everywhere: the servers below marked Refused or Failed keep their values.'}
      </p>
      <table className="grid" aria-labelledby="farm-results-title">
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Result</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {result.results.map((r) => (
            <tr key={r.id} className={`farm-result ${r.status}`}>
              <th scope="row">{r.name}</th>
              <td>
                <span aria-hidden="true">{r.status === 'applied' ? '✔ ' : '✖ '}</span>
                {LABELS[r.status]}
              </td>
              <td>{r.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button className="button small" onPress={onDismiss}>
        Dismiss
      </Button>
    </section>
  );
}

export function FarmPage() {
  const user = useUser();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { search } = useRoute();
  const tree = useServerTree();
  const serverList = useQuery(serversQuery());
  const all: ServerSummary[] = useMemo(() => serverList.data?.servers ?? [], [serverList.data]);

  // What is compared comes from the URL (`/farm?path=WebSite1&servers=local,web2`).
  const committedPath = search.get('path');
  const committedServers = search.get('servers')?.split(',').filter(Boolean) ?? null;
  const compared = committedServers ?? all.map((s) => s.id);

  const [path, setPath] = useState(committedPath ?? '');
  // null: as the URL says (every server by default) until a box is changed.
  const [chosen, setChosen] = useState<ReadonlySet<string> | null>(null);
  const isChosen = (id: string) =>
    chosen ? chosen.has(id) : committedServers ? committedServers.includes(id) : true;
  const [applyOpen, setApplyOpen] = useState(false);
  const [result, setResult] = useState<FarmApplyResponse | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const compare = useQuery({
    ...farmCompareQuery(committedPath ?? '', compared),
    enabled: committedPath !== null && compared.length > 0,
  });
  const paths = useMemo(() => sitePaths(tree.data), [tree.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ids = all.filter((s) => isChosen(s.id)).map((s) => s.id);
    if (ids.length === 0) return setFormError('Choose at least one server.');
    setFormError(null);
    router.navigate(farmHref(path.trim(), ids.length === all.length ? null : ids), { replace: true });
    void queryClient.invalidateQueries({ queryKey: farmKeys.compareAll });
  };

  const applyServers: ApplyServer[] = (compare.data?.servers ?? []).map((s) =>
    s.status === 'ok' ? { id: s.id, name: s.name } : { id: s.id, name: s.name, note: STATUS_TEXT[s.status] },
  );
  const admin = user.role === 'administrator';

  return (
    <div className="page farm-page">
      <h1>Farm</h1>
      <p className="page-description">
        Compare the session state of a site across the servers of the farm: sessions are shared only when
        every server has the same mode and state store, the same site ID and the same machine key.
      </p>
      <form className="farm-form" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field-label" htmlFor="farm-path">
            Site path:
          </label>
          <div className="field-row">
            <input
              id="farm-path"
              className="input"
              list="farm-path-suggestions"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              aria-describedby="farm-path-help"
            />
            <datalist id="farm-path-suggestions">
              {paths.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </div>
          <div id="farm-path-help" className="field-description">
            A site or application of this server, for example WebSite1 or WebSite1/app (empty: the server
            level).
          </div>
        </div>
        <fieldset className="farm-server-choice">
          <legend>Servers:</legend>
          {serverList.isError && <p className="error-text">{errorMessage(serverList.error)}</p>}
          {all.map((s) => (
            <CheckBox
              key={s.id}
              isSelected={isChosen(s.id)}
              onChange={(on) => {
                const next = new Set(all.filter((x) => isChosen(x.id)).map((x) => x.id));
                if (on) next.add(s.id);
                else next.delete(s.id);
                setChosen(next);
              }}
            >
              {s.local ? `${s.name} (this server)` : s.name}
            </CheckBox>
          ))}
        </fieldset>
        {formError && (
          <div role="alert" className="field-error">
            {formError}
          </div>
        )}
        <div className="farm-form-buttons">
          <Button type="submit" className="button primary">
            Compare
          </Button>
        </div>
      </form>

      {result && <ApplyResults result={result} onDismiss={() => setResult(null)} />}

      {committedPath === null ? (
        <p className="pane-message">Choose a site path and the servers, then Compare.</p>
      ) : compare.isPending ? (
        <p className="pane-message">Reading the servers…</p>
      ) : compare.isError ? (
        <p role="alert" className="alert error">
          {errorMessage(compare.error)}
        </p>
      ) : (
        <>
          <Unread data={compare.data} />
          <Checks data={compare.data} />
          <Comparison data={compare.data} />
        </>
      )}

      <PageActions>
        <ActionGroup title="Farm">
          <ActionButton
            icon="⇉"
            isDisabled={!admin || !compare.data}
            onPress={() => {
              setResult(null);
              setApplyOpen(true);
            }}
          >
            Apply to Servers…
          </ActionButton>
          <ActionButton
            icon="⟳"
            isDisabled={committedPath === null}
            onPress={() => void queryClient.invalidateQueries({ queryKey: farmKeys.compareAll })}
          >
            Refresh
          </ActionButton>
          {!admin && <li className="action-note">Only administrators can apply changes.</li>}
        </ActionGroup>
      </PageActions>
      {applyOpen && compare.data && (
        <ApplyDialog
          path={compare.data.path}
          servers={applyServers}
          onClose={() => setApplyOpen(false)}
          onApplied={(response) => {
            setApplyOpen(false);
            setResult(response);
            // Read again: the table now shows which servers still differ.
            void queryClient.invalidateQueries({ queryKey: farmKeys.compareAll });
          }}
        />
      )}
    </div>
  );
}

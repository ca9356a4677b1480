import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { errorMessage } from '../../api/client';
import { searchConfiguration } from '../../api/endpoints';
import { DialogButtons, ModalDialog } from '../../components/ModalDialog';

/**
 * Search Configuration: where a section is set across the server's configuration files (this level and
 * below, or the whole server), with the level (config path and location path) and the file and line of
 * each hit. Opening a hit shows that level in the Configuration Editor.
 */
export function SearchConfigurationDialog({
  initialSection,
  path,
  onOpen,
  onClose,
}: {
  initialSection: string;
  path: string;
  onOpen(sitePath: string, section: string): void;
  onClose(): void;
}) {
  const [text, setText] = useState(initialSection);
  const [query, setQuery] = useState({ section: initialSection, wholeServer: path === '' });
  const scope = query.wholeServer ? '' : path;
  const result = useQuery({
    queryKey: ['config-search', query.section.toLowerCase(), scope.toLowerCase()],
    queryFn: ({ signal }) => searchConfiguration(query.section, scope, signal),
    staleTime: 0,
    gcTime: 0,
  });
  return (
    <ModalDialog title="Search Configuration" isOpen onClose={onClose} isDismissable className="wide">
      <form
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery((q) => ({ ...q, section: text }));
        }}
      >
        <TextField className="field" value={text} onChange={setText}>
          <Label className="field-label">Section:</Label>
          <Input className="input wide" />
        </TextField>
        {path !== '' && (
          <label className="checkbox-native">
            <input
              type="checkbox"
              checked={query.wholeServer}
              onChange={(e) => setQuery((q) => ({ ...q, wholeServer: e.target.checked }))}
            />
            Search the whole server (not only {path} and below)
          </label>
        )}
        <Button type="submit" className="button">
          Search
        </Button>
      </form>
      {result.isPending && <p>Searching…</p>}
      {result.isError && (
        <p role="alert" className="error-text">
          {errorMessage(result.error)}
        </p>
      )}
      {result.data && (
        <>
          <p role="status">
            {result.data.items.length} {result.data.items.length === 1 ? 'place sets' : 'places set'}{' '}
            {query.section || 'a section'} in {result.data.files} files searched.
          </p>
          {result.data.unreadable.map((u) => (
            <p key={u.file} className="alert warning">
              {u.file} cannot be read: {u.message}
            </p>
          ))}
          <div className="grid-scroll">
            <table className="grid" aria-label="Search results">
              <thead>
                <tr>
                  <th scope="col">Section</th>
                  <th scope="col">Path</th>
                  <th scope="col">Location Path</th>
                  <th scope="col">File</th>
                  <th scope="col">Line</th>
                </tr>
              </thead>
              <tbody>
                {result.data.items.map((hit, i) => (
                  <tr key={i}>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onOpen(hit.sitePath, hit.section)}
                      >
                        {hit.section}
                        <span className="visually-hidden"> at {hit.configPath}</span>
                      </button>
                    </td>
                    <td>{hit.configPath}</td>
                    <td>{hit.location ?? ''}</td>
                    <td>{hit.file}</td>
                    <td>{hit.line}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <DialogButtons>
        <Button className="button" onPress={onClose}>
          Close
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}

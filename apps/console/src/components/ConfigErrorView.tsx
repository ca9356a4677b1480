import { useQuery } from '@tanstack/react-query';
import { ApiRequestError } from '../api/client';
import { getFileExcerpt } from '../api/endpoints';

/** One configuration file problem: the file (root-relative), the position and IIS's text. */
export interface ConfigProblem {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  message: string;
}

export function problemOf(error: ApiRequestError): ConfigProblem {
  return { file: error.file, line: error.line, column: error.column, message: error.message };
}

/** The lines around the problem, the line itself marked (and its column). */
function SourceLines({ problem }: { problem: ConfigProblem }) {
  const { file, line, column } = problem;
  const excerpt = useQuery({
    queryKey: ['file-excerpt', file, line],
    queryFn: ({ signal }) => getFileExcerpt(file ?? '', line ?? 1, signal),
    enabled: file !== undefined && line !== undefined,
    retry: false,
    staleTime: 0,
  });
  if (!excerpt.data || excerpt.data.lines.length === 0) return null;
  return (
    <figure className="config-error-source">
      <figcaption>
        {file}, line {line}:
      </figcaption>
      <pre tabIndex={0} aria-label={`Lines of ${file} around line ${line}`}>
        {excerpt.data.lines.map((l) => (
          <span key={l.number} className={l.number === line ? 'error-line' : undefined}>
            <span className="line-number">{String(l.number).padStart(5, ' ')}: </span>
            {l.text}
            {'\n'}
            {l.number === line && column !== undefined && (
              <span className="error-column" aria-hidden="true">
                {' '.repeat(7 + Math.max(0, column - 1))}^{'\n'}
              </span>
            )}
          </span>
        ))}
      </pre>
    </figure>
  );
}

/** File, line, column and error of each problem, as IIS Manager's Config Error details. */
export function ConfigErrorDetails({ problems }: { problems: readonly ConfigProblem[] }) {
  return (
    <>
      {problems.map((p, i) => (
        <section key={i} className="config-error" aria-label={`Config Error ${i + 1}`}>
          <dl className="config-error-details">
            <dt>Filename:</dt>
            <dd>{p.file ?? 'unknown'}</dd>
            <dt>Line number:</dt>
            <dd>{p.line ?? 'unknown'}</dd>
            <dt>Column:</dt>
            <dd>{p.column ?? 'unknown'}</dd>
            <dt>Error:</dt>
            <dd>{p.message}</dd>
          </dl>
          <SourceLines problem={p} />
        </section>
      ))}
    </>
  );
}

/**
 * IIS Manager's "Config Error" in the content pane: a configuration file of this level is malformed or
 * unreadable, so the page cannot be shown. File, line, column, the error and the line itself in
 * context; the rest of the console keeps working.
 */
export function ConfigErrorView({ error }: { error: ApiRequestError | ConfigProblem }) {
  const problem = error instanceof ApiRequestError ? problemOf(error) : error;
  return (
    <div className="page config-error-page">
      <header className="page-header">
        <h1>
          <span className="page-icon icon-config-error" aria-hidden="true" />
          Config Error
        </h1>
      </header>
      <div role="alert" className="alert error">
        <p>There was an error while performing this operation.</p>
        <p>
          {problem.message}
          {problem.file !== undefined &&
            ` (${problem.file}${problem.line !== undefined ? `, line ${problem.line}` : ''}${problem.column !== undefined ? `, column ${problem.column}` : ''})`}
        </p>
      </div>
      <h2 className="details-title">Details:</h2>
      <ConfigErrorDetails problems={[problem]} />
    </div>
  );
}

import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useRouter, useServer } from './RouterContext';
import { scopeHref } from './servers';

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & {
  href: string;
  /** The server whose page `href` is; default: the server of the page the link is on (useServer). */
  server?: string;
};

/**
 * An anchor that navigates through the router (and its unsaved-changes guard) on a plain click. On a
 * page of another server, `href` is that server's page (`/servers/<id>` before it).
 */
export function Link({ href: pageHref, server, onClick, ...rest }: LinkProps) {
  const router = useRouter();
  const own = useServer();
  const target = server ?? own;
  const href = scopeHref(target, pageHref);
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target === '_blank'
    )
      return;
    event.preventDefault();
    router.navigate(href, { server: target });
  };
  return <a href={href} onClick={handle} {...rest} />;
}

import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useRouter } from './RouterContext';

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An anchor that navigates through the router (and its unsaved-changes guard) on a plain click. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const router = useRouter();
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
    router.navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

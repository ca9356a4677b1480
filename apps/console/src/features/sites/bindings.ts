// A binding as IIS Manager's binding dialogs show it (Type, IP address, Port, Host name) and as
// applicationHost.config stores it (`bindingInformation` = `IP:port:host`, `*` = All Unassigned).

import type { SiteBinding } from '@iis-console/contracts';

export const ALL_UNASSIGNED = 'All Unassigned';

export interface BindingFields {
  type: string;
  ip: string;
  port: string;
  host: string;
}

export const NEW_BINDING: BindingFields = { type: 'http', ip: ALL_UNASSIGNED, port: '80', host: '' };

/** `*:80:shop.local` → the dialog's fields; a binding of another protocol keeps its text as the host. */
export function bindingFields(b: SiteBinding): BindingFields {
  const m = /^(\[[^\]]*\]|[^:]*):(\d*):(.*)$/.exec(b.bindingInformation);
  if (!m) return { type: b.protocol, ip: '', port: '', host: b.bindingInformation };
  const ip = m[1] === '' || m[1] === '*' ? ALL_UNASSIGNED : (m[1] ?? '');
  return { type: b.protocol, ip, port: m[2] ?? '', host: m[3] ?? '' };
}

export function bindingOf(f: BindingFields): SiteBinding {
  const ip = f.ip.trim() === '' || f.ip.trim() === ALL_UNASSIGNED ? '*' : f.ip.trim();
  return { protocol: f.type, bindingInformation: `${ip}:${f.port.trim()}:${f.host.trim()}` };
}

/** IIS Manager's messages for a port and an IP address it cannot use. */
export function bindingError(f: BindingFields): { port?: string; ip?: string } {
  const port = Number(f.port);
  const errors: { port?: string; ip?: string } = {};
  if (!/^\d+$/.test(f.port.trim()) || port < 1 || port > 65535)
    errors.port = 'The port number must be between 1 and 65535.';
  const ip = f.ip.trim();
  if (
    ip !== '' &&
    ip !== ALL_UNASSIGNED &&
    ip !== '*' &&
    !/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\])$/.test(ip)
  )
    errors.ip = 'The specified IP address is invalid.';
  return errors;
}

/** The Binding column's text of one binding: `*:80 (http)`, `shop.local on *:80 (http)`. */
export function bindingText(b: SiteBinding): string {
  const f = bindingFields(b);
  if (f.port === '' && f.ip === '') return `${b.bindingInformation} (${b.protocol})`;
  const ip = f.ip === ALL_UNASSIGNED ? '*' : f.ip;
  return `${f.host ? `${f.host} on ` : ''}${ip}:${f.port} (${b.protocol})`;
}

export const sameBinding = (a: SiteBinding, b: SiteBinding) =>
  a.protocol.toLowerCase() === b.protocol.toLowerCase() &&
  a.bindingInformation.toLowerCase() === b.bindingInformation.toLowerCase();

// A system drive root for the Application Pools, Sites and advisor tests: applicationHost.config with
// three pools (IIS's defaults, a web garden, a quiet one that never idles out or recycles), two sites
// (one with an application and a virtual directory), web.config files that set session state, and the
// product's built-in schema (the root has none of its own).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config';
export const SHOP_WEB = 'inetpub/shop/web.config';
export const API_WEB = 'inetpub/api/web.config';

export const APPHOST_TEXT = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <!-- pools and sites of the advisor tests -->
    <system.applicationHost>
        <applicationPools>
            <add name="DefaultAppPool" managedRuntimeVersion="v4.0" />
            <add name="Garden" managedRuntimeVersion="v4.0">
                <processModel maxProcesses="4" idleTimeout="00:00:00" />
                <recycling>
                    <periodicRestart time="00:00:00" />
                </recycling>
            </add>
            <add name="Quiet" managedRuntimeVersion="v4.0" managedPipelineMode="Classic">
                <processModel identityType="NetworkService" idleTimeout="00:00:00" />
                <recycling>
                    <periodicRestart time="00:00:00" />
                </recycling>
            </add>
            <applicationPoolDefaults managedRuntimeVersion="v4.0">
                <processModel identityType="ApplicationPoolIdentity" />
            </applicationPoolDefaults>
        </applicationPools>
        <sites>
            <site name="Shop" id="1">
                <application path="/" applicationPool="Garden">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\shop" />
                    <virtualDirectory path="/media" physicalPath="%SystemDrive%\\inetpub\\media" />
                </application>
                <application path="/api" applicationPool="Quiet">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\api" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                </bindings>
            </site>
            <site name="Blog" id="2">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\blog" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8080:" />
                </bindings>
            </site>
            <applicationDefaults applicationPool="DefaultAppPool" />
        </sites>
    </system.applicationHost>
</configuration>
`;

/** InProc (the default) with SameSite=None: a web garden and an insecure SameSite cookie. */
export const SHOP_TEXT = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.web>
    <sessionState cookieSameSite="None" />
  </system.web>
</configuration>
`;

/** State Server on this machine. */
export const API_TEXT = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.web>
    <sessionState mode="StateServer" stateConnectionString="tcpip=127.0.0.1:42424" />
  </system.web>
</configuration>
`;

export function createApphostRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'iisconsole-apphost-'));
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  put(APPHOST, APPHOST_TEXT);
  put(SHOP_WEB, SHOP_TEXT);
  put(API_WEB, API_TEXT);
  put('inetpub/media/logo.txt', 'logo');
  put('inetpub/blog/index.html', '<p>blog</p>');
  put('inetpub/shop/images/a.txt', 'a');
  mkdirSync(join(root, 'inetpub/history'), { recursive: true });
  return root;
}

export const read = (root: string, rel: string) => readFileSync(join(root, rel), 'utf8');

/**
 * The lines a change replaced: everything before and after them is byte for byte the same (the
 * assertion that a write touched only what it had to).
 */
export function changedRegion(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB) };
}

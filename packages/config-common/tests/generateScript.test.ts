import { describe, expect, it } from 'vitest';
import {
  appcmdCommit,
  appcmdScript,
  csharpScript,
  generateScripts,
  powershellScript,
  quoteArg,
  splitCommandLine,
  type ScriptTarget,
} from '../src/script/generateScript.js';

const siteTarget: ScriptTarget = {
  file: 'inetpub/wwwroot/web.config',
  configPath: 'MACHINE/WEBROOT/APPHOST/Default Web Site',
  location: null,
  commitPath: 'MACHINE/WEBROOT/APPHOST/Default Web Site',
};
const apphostLocation: ScriptTarget = {
  file: 'Windows/System32/inetsrv/config/applicationHost.config',
  configPath: 'MACHINE/WEBROOT/APPHOST/Default Web Site',
  location: 'Default Web Site',
  commitPath: 'MACHINE/WEBROOT/APPHOST',
};

describe('command line quoting (CommandLineToArgvW)', () => {
  it.each([
    'plain',
    'with space',
    'a "quoted" word',
    'trailing\\',
    'C:\\inetpub\\my site\\',
    'back\\"slash',
    '',
  ])('%j survives quoting and splitting', (text) => {
    expect(splitCommandLine(`appcmd.exe ${quoteArg(text)} ${quoteArg(text, true)}`)).toEqual([
      'appcmd.exe',
      text,
      text,
    ]);
  });

  it('removes quotes in the middle of an argument, as Windows does', () => {
    expect(splitCommandLine(`set /enabled:"False" /+"files.[value='a b']"`)).toEqual([
      'set',
      '/enabled:False',
      "/+files.[value='a b']",
    ]);
  });
});

describe('appcmd lines', () => {
  it('attributes, child elements and collection edits of one section in one set config, in the change order', () => {
    const lines = appcmdScript({
      section: 'system.webServer/defaultDocument',
      sitePath: 'Default Web Site',
      target: siteTarget,
      change: {
        attributes: { enabled: 'false' },
        collections: {
          files: [
            { op: 'add', attributes: { value: 'home.html' } },
            { op: 'remove', key: { value: 'index.html' } },
            { op: 'set', key: { value: 'default.aspx' }, attributes: { value: 'default.aspx' } },
          ],
        },
      },
    });
    expect(lines).toEqual([
      `appcmd.exe set config "Default Web Site" -section:system.webServer/defaultDocument /enabled:"false" /+"files.[value='home.html']" /-"files.[value='index.html']" /"files.[value='default.aspx'].value:default.aspx"`,
    ]);
  });

  it('a revert (null) is clear config; a child element uses its dotted path; the apphost location needs /commit:apphost', () => {
    const lines = appcmdScript({
      section: 'system.webServer/security/requestFiltering',
      sitePath: 'Default Web Site',
      target: apphostLocation,
      change: {
        attributes: { allowDoubleEscaping: 'true', allowHighBitCharacters: null },
        elements: { requestLimits: { attributes: { maxUrl: '8192' } } },
      },
    });
    expect(lines).toEqual([
      'appcmd.exe set config "Default Web Site" -section:system.webServer/security/requestFiltering /allowDoubleEscaping:"true" /commit:apphost',
      'appcmd.exe clear config "Default Web Site" -section:system.webServer/security/requestFiltering /allowHighBitCharacters /commit:apphost',
      'appcmd.exe set config "Default Web Site" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:"8192" /commit:apphost',
    ]);
  });

  it('the root web.config is /commit:webroot; applicationHost.config at the server needs no /commit', () => {
    expect(appcmdCommit({ ...siteTarget, commitPath: 'MACHINE/WEBROOT', location: null }, '')).toBe(
      'WEBROOT',
    );
    expect(appcmdCommit({ ...siteTarget, commitPath: 'MACHINE/WEBROOT/APPHOST', location: null }, '')).toBe(
      undefined,
    );
    expect(appcmdCommit(apphostLocation, 'Default Web Site')).toBe('APPHOST');
    expect(appcmdCommit(siteTarget, 'Default Web Site')).toBe(undefined);
    expect(appcmdCommit({ ...siteTarget, location: 'docs' }, 'Default Web Site/docs')).toBe('APP');
  });

  it('a value with quotes or spaces is quoted so that Windows hands appcmd the exact text', () => {
    const [line] = appcmdScript({
      section: 'appSettings',
      sitePath: '',
      target: { ...siteTarget, commitPath: 'MACHINE/WEBROOT' },
      change: { collections: { '': [{ op: 'add', attributes: { key: 'a b', value: 'say "hi"' } }] } },
    });
    expect(line).toBe(
      `appcmd.exe set config -section:appSettings /+"[key='a b',value='say \\"hi\\"']" /commit:webroot`,
    );
    expect(splitCommandLine(line!).at(-2)).toBe(`/+[key='a b',value='say "hi"']`);
  });

  it('a child element of a collection entry whose key has spaces stays one argument', () => {
    const [line] = appcmdScript({
      section: 'system.applicationHost/sites',
      sitePath: '',
      target: { ...siteTarget, commitPath: 'MACHINE/WEBROOT/APPHOST' },
      change: { elements: { "[name='Default Web Site'].limits": { attributes: { maxBandwidth: '1000' } } } },
    });
    expect(line).toBe(
      `appcmd.exe set config -section:system.applicationHost/sites /"[name='Default Web Site'].limits.maxBandwidth:1000"`,
    );
    expect(splitCommandLine(line!).at(-1)).toBe("/[name='Default Web Site'].limits.maxBandwidth:1000");
  });

  it("Clear All is /~ before the collection path (the section's own collection: /~ alone)", () => {
    const scripts = generateScripts({
      section: 'system.webServer/defaultDocument',
      sitePath: 'Default Web Site',
      target: siteTarget,
      change: { collections: { files: [{ op: 'clear' }] } },
    });
    expect(scripts.appcmd).toEqual([
      'appcmd.exe set config "Default Web Site" -section:system.webServer/defaultDocument /~"files"',
    ]);
    const [own] = appcmdScript({
      section: 'system.webServer/handlers',
      sitePath: 'Default Web Site',
      target: siteTarget,
      change: { collections: { '': [{ op: 'clear' }] } },
    });
    expect(own).toBe('appcmd.exe set config "Default Web Site" -section:system.webServer/handlers /~');
    expect(scripts.powershell).toContain(
      "Clear-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -Filter 'system.webServer/defaultDocument/files/*'",
    );
    expect(scripts.csharp.join('\n')).toContain('filesCollection.Clear();');
  });
});

describe('PowerShell and C#', () => {
  const input = {
    section: 'system.webServer/directoryBrowse',
    sitePath: 'Default Web Site',
    target: apphostLocation,
    change: { attributes: { enabled: 'true' } },
  };

  it('PowerShell (WebAdministration) names the file and the location', () => {
    expect(powershellScript(input)).toContain(
      "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'Default Web Site' -Filter 'system.webServer/directoryBrowse' -Name 'enabled' -Value 'true'",
    );
  });

  it('C# reads the section from applicationHost.config for a location, and commits', () => {
    const text = csharpScript(input).join('\n');
    expect(text).toContain('Configuration config = serverManager.GetApplicationHostConfiguration();');
    expect(text).toContain(
      'ConfigurationSection directoryBrowseSection = config.GetSection("system.webServer/directoryBrowse", "Default Web Site");',
    );
    expect(text).toContain('directoryBrowseSection["enabled"] = @"true";');
    expect(text).toContain('serverManager.CommitChanges();');
    const site = csharpScript({ ...input, target: siteTarget }).join('\n');
    expect(site).toContain('serverManager.GetWebConfiguration("Default Web Site");');
  });

  // The sites section as read: entries are <site>, their bindings <binding> (the element names the
  // scripts must use), pools are <add>.
  const sitesView = {
    elements: {},
    collection: {
      addElement: ['site'],
      items: [
        {
          elementName: 'site',
          key: { name: 'Default Web Site' },
          elements: { bindings: { elements: {}, collection: { addElement: ['binding'], items: [] } } },
        },
      ],
    },
  };
  const nested = {
    section: 'system.applicationHost/sites',
    sitePath: '',
    target: { ...siteTarget, commitPath: 'MACHINE/WEBROOT/APPHOST', location: null },
    view: sitesView,
    change: {
      elements: { "[name='Default Web Site'].limits": { attributes: { maxBandwidth: '1000' } } },
      collections: {
        "[name='Default Web Site'].bindings": [
          { op: 'add' as const, attributes: { protocol: 'http', bindingInformation: '*:8080:' } },
        ],
      },
    },
  };

  it('PowerShell names a collection entry by its element (site, binding), as the section holds it', () => {
    const ps = powershellScript(nested);
    expect(ps).toContain(
      "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.applicationHost/sites/site[@name=''Default Web Site'']/limits' -Name 'maxBandwidth' -Value '1000'",
    );
    expect(ps).toContain(
      "Add-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.applicationHost/sites/site[@name=''Default Web Site'']/bindings' -Name '.' -Value @{protocol='http';bindingInformation='*:8080:'}",
    );
    // Without the view, `add` (right for most collections, application pools included).
    expect(powershellScript({ ...nested, view: undefined }).join('\n')).toContain(
      "-Filter 'system.applicationHost/sites/add[@name=''Default Web Site'']/limits'",
    );
  });

  it('C# finds the entry by its key, then its child element or collection, and creates entries with their element name', () => {
    const text = csharpScript(nested).join('\n');
    expect(text).toContain(
      'ConfigurationElement entry1 = sitesSection.GetCollection().First(e => string.Equals((string)e["name"], @"Default Web Site", StringComparison.OrdinalIgnoreCase));',
    );
    expect(text).toContain('ConfigurationElement element2 = entry1.GetChildElement("limits");');
    expect(text).toContain('element2["maxBandwidth"] = @"1000";');
    expect(text).toContain('ConfigurationElementCollection bindingsCollection = element4.GetCollection();');
    expect(text).toContain('ConfigurationElement element4 = entry3.GetChildElement("bindings");');
    expect(text).toContain('bindingsCollection.CreateElement("binding");');
    expect(text).not.toContain('GetCollection("[');
  });
});

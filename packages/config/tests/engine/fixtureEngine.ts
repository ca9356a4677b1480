// A system drive root for the engine tests: an applicationHost.config with IIS's stock declarations for
// the sections used (overrideModeDefault="Deny" for handlers and authentication, AppHostOnly for
// system.applicationHost), two sites (one with an application), server-level values and collections,
// and a schema file of the root's own (as on Windows, where IIS reads inetsrv/config/schema/*.xml).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config';
export const SCHEMA = 'Windows/System32/inetsrv/config/schema/test_schema.xml';
export const SITE1_WEB = 'inetpub/site1/web.config';
export const APP_WEB = 'inetpub/site1app/web.config';
export const SITE2_WEB = 'inetpub/site2/web.config';

export const SCHEMA_TEXT = `<configSchema>
  <sectionSchema name="system.webServer/defaultDocument">
    <attribute name="enabled" type="bool" defaultValue="true" />
    <element name="files">
      <collection addElement="add" clearElement="clear" removeElement="remove" mergeAppend="false">
        <attribute name="value" type="string" isUniqueKey="true" validationType="nonEmptyString" />
      </collection>
    </element>
  </sectionSchema>
  <sectionSchema name="system.webServer/directoryBrowse">
    <attribute name="enabled" type="bool" defaultValue="false" />
    <attribute name="showFlags" type="flags" defaultValue="Date, Time, Size, Extension">
      <flag name="None" value="0" />
      <flag name="Date" value="2" />
      <flag name="Time" value="4" />
      <flag name="Size" value="8" />
      <flag name="Extension" value="16" />
      <flag name="LongDate" value="32" />
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/httpErrors">
    <attribute name="errorMode" type="enum" defaultValue="DetailedLocalOnly">
      <enum name="DetailedLocalOnly" value="0" />
      <enum name="Custom" value="1" />
      <enum name="Detailed" value="2" />
    </attribute>
    <collection addElement="error" clearElement="clear" removeElement="remove">
      <attribute name="statusCode" type="uint" validationType="integerRange" validationParameter="400,999" required="true" isCombinedKey="true" />
      <attribute name="subStatusCode" type="int" validationType="integerRange" validationParameter="-1,999" defaultValue="-1" isCombinedKey="true" />
      <attribute name="path" type="string" validationType="nonEmptyString" required="true" />
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/handlers">
    <attribute name="accessPolicy" type="flags" defaultValue="Read">
      <flag name="None" value="0" />
      <flag name="Read" value="1" />
      <flag name="Write" value="2" />
      <flag name="Execute" value="4" />
      <flag name="Script" value="512" />
    </attribute>
    <collection addElement="add" clearElement="clear" removeElement="remove" mergeAppend="false">
      <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString" />
      <attribute name="path" type="string" required="true" />
      <attribute name="verb" type="string" required="true" />
      <attribute name="modules" type="string" defaultValue="" />
      <attribute name="type" type="string" />
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/urlCompression">
    <attribute name="doStaticCompression" type="bool" defaultValue="true" />
    <attribute name="doDynamicCompression" type="bool" defaultValue="false" />
  </sectionSchema>
  <sectionSchema name="system.webServer/httpLogging">
    <attribute name="dontLog" type="bool" defaultValue="false" />
    <attribute name="selectiveLogging" type="enum" defaultValue="LogAll">
      <enum name="LogAll" value="0" />
      <enum name="LogSuccessful" value="1" />
      <enum name="LogError" value="2" />
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authentication/anonymousAuthentication">
    <attribute name="enabled" type="bool" defaultValue="false" />
    <attribute name="userName" type="string" defaultValue="IUSR" />
    <attribute name="password" type="string" encrypted="true" defaultValue="" />
  </sectionSchema>
  <sectionSchema name="system.webServer/security/requestFiltering">
    <attribute name="allowDoubleEscaping" type="bool" defaultValue="false" />
    <element name="requestLimits">
      <attribute name="maxAllowedContentLength" type="uint" defaultValue="30000000" />
      <attribute name="maxUrl" type="uint" defaultValue="4096" />
    </element>
  </sectionSchema>
  <sectionSchema name="system.applicationHost/applicationPools">
    <collection addElement="add" defaultElement="applicationPoolDefaults">
      <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString" />
      <attribute name="managedRuntimeVersion" type="string" defaultValue="v4.0" />
      <attribute name="managedPipelineMode" type="enum" defaultValue="Integrated">
        <enum name="Integrated" value="0" />
        <enum name="Classic" value="1" />
      </attribute>
      <element name="processModel">
        <attribute name="idleTimeout" type="timeSpan" defaultValue="00:20:00" validationType="timeSpanRange" validationParameter="0,2592000,60" />
        <attribute name="maxProcesses" type="uint" defaultValue="1" />
      </element>
    </collection>
    <element name="applicationPoolDefaults">
      <attribute name="managedRuntimeVersion" type="string" defaultValue="v4.0" />
    </element>
  </sectionSchema>
</configSchema>
`;

export const APPHOST_TEXT = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.webServer">
            <section name="defaultDocument" overrideModeDefault="Allow" />
            <section name="directoryBrowse" overrideModeDefault="Allow" />
            <section name="handlers" overrideModeDefault="Deny" />
            <section name="httpErrors" overrideModeDefault="Allow" />
            <section name="httpLogging" overrideModeDefault="Deny" />
            <section name="urlCompression" overrideModeDefault="Allow" />
            <sectionGroup name="security">
                <section name="requestFiltering" overrideModeDefault="Allow" />
                <sectionGroup name="authentication">
                    <section name="anonymousAuthentication" overrideModeDefault="Deny" />
                </sectionGroup>
            </sectionGroup>
        </sectionGroup>
    </configSections>

    <system.applicationHost>
        <applicationPools>
            <add name="DefaultAppPool" />
            <add name="Shop" managedPipelineMode="Classic">
                <processModel idleTimeout="00:10:00" />
            </add>
            <applicationPoolDefaults managedRuntimeVersion="v4.0" />
        </applicationPools>
        <sites>
            <site name="Site1" id="1">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\site1" />
                </application>
                <application path="/app" applicationPool="Shop">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\site1app" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                </bindings>
            </site>
            <site name="Site2" id="2">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\site2" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8080:" />
                </bindings>
            </site>
        </sites>
    </system.applicationHost>

    <system.webServer>
        <!-- server-wide defaults -->
        <defaultDocument enabled="true">
            <files>
                <clear />
                <add value="Default.htm" />
                <add value="index.html" />
            </files>
        </defaultDocument>
        <directoryBrowse enabled="false" />
        <handlers accessPolicy="Read, Script">
            <add name="StaticFile" path="*" verb="*" modules="StaticFileModule" />
            <add name="TRACEVerbHandler" path="*" verb="TRACE" />
        </handlers>
        <httpErrors>
            <error statusCode="404" path="404.htm" />
        </httpErrors>
        <security>
            <authentication>
                <anonymousAuthentication enabled="true" userName="IUSR" />
            </authentication>
        </security>
    </system.webServer>
</configuration>
`;

export const SITE1_TEXT = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.webServer>
    <!-- keep me -->
    <urlCompression doDynamicCompression="true" />
  </system.webServer>
</configuration>
`;

/** A fresh root: applicationHost.config, the root's schema file, site folders (site1 with web.config). */
export function createEngineRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'iisconsole-engine-'));
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  put(APPHOST, APPHOST_TEXT);
  put(SCHEMA, SCHEMA_TEXT);
  put(SITE1_WEB, SITE1_TEXT);
  mkdirSync(join(root, 'inetpub/site1app'), { recursive: true });
  mkdirSync(join(root, 'inetpub/site2'), { recursive: true });
  mkdirSync(join(root, 'inetpub/history'), { recursive: true });
  return root;
}

// Usage texts in the shape of IIS's appcmd (docs/appcmd.md §5.1, §5.4). Real appcmd ends help lines
// with "\r\r\n" in places; these texts use plain line ends.

export const GENERAL_USAGE = `General purpose IIS command line administration tool.

APPCMD (command) (object-type) <identifier> < /parameter1:value1 ... >

Supported object types:

  SITE      Administration of virtual sites
  APP       Administration of applications
  VDIR      Administration of virtual directories
  APPPOOL   Administration of application pools
  CONFIG    Administration of general configuration sections

(To list commands supported by each object use /?, e.g. 'appcmd.exe site /?')

General parameters:

  /?                   Display context-sensitive help message.
  /text<:value>        Generate output in text format (default).
                       /text:* shows all object properties in detail view.
                       /text:<attribute> shows the value of the specified
                       attribute for each object.
  /xml                 Generate output in XML format.
  /config<:*>          Show configuration for displayed objects.
                       /config:* also includes inherited configuration.
  /commit              Set config path where configuration changes are saved.
                       Can specify either a specific configuration path, "site",
                       "app", "parent", or "url" to save to the appropriate portion
                       of the path being edited by the command, or "apphost",
                       "webroot", or "machine" for the corresponding configuration
                       level.

The configuration root is the system drive root given by IISCONSOLE_ROOT
(default: the demo root of this repository).
`;

export const CONFIG_USAGE = `Administration of general configuration sections.

APPCMD (command) CONFIG <identifier> <-parameter1:value1 ...>

Supported commands:

  list      List configuration sections
  set       Set configuration sections
  clear     Clear configuration sections
  lock      Lock configuration sections
  unlock    Unlock configuration sections

Every section of the schema (/section:? lists them), by full or short name.
Properties: /attr:value, /child.attr:value, collections /+"coll.[key='v',attr='w']",
/-"coll.[key='v']", /"coll.[key='v'].attr:value" (no collection path: the section's own).

Examples:

  appcmd list config "Default Web Site/" /section:sessionState /config:*
  appcmd set config /commit:WEBROOT /section:sessionState /mode:StateServer /stateConnectionString:tcpip=10.0.0.5:42424
  appcmd set config "Default Web Site/" /section:sessionState /cookieless:UseUri
  appcmd clear config "Default Web Site/" /section:sessionState /timeout
  appcmd set config "Default Web Site" /section:defaultDocument /+"files.[value='home.html']"
  appcmd lock config "Default Web Site" /section:directoryBrowse
`;

export const APPPOOL_USAGE = `Administration of application pools.

APPCMD (command) APPPOOL <identifier> <-parameter1:value1 ...>

Supported commands:

  list      List application pools
  add       Add new application pool
  set       Configure application pool
  delete    Delete application pool

Examples:

  appcmd list apppool
  appcmd add apppool /name:Shop /managedRuntimeVersion:v4.0
  appcmd set apppool Shop /processModel.idleTimeout:00:00:00 /managedPipelineMode:Classic
  appcmd delete apppool Shop
`;

export const SITE_USAGE = `Administration of virtual sites.

APPCMD (command) SITE <identifier> <-parameter1:value1 ...>

Supported commands:

  list      List virtual sites
  add       Add new virtual site
  set       Configure virtual site
  delete    Delete virtual site

Examples:

  appcmd add site /name:Shop /physicalPath:C:\\inetpub\\shop /bindings:http/*:8080:
  appcmd set site Shop /+"bindings.[protocol='https',bindingInformation='*:443:']"
  appcmd delete site Shop
`;

export const APP_USAGE = `Administration of applications.

APPCMD (command) APP <identifier> <-parameter1:value1 ...>

Supported commands:

  list      List applications
  add       Add new application
  set       Configure application
  delete    Delete application

Examples:

  appcmd add app /site.name:Shop /path:/api /physicalPath:C:\\inetpub\\api
  appcmd set app Shop/api /applicationPool:Api
`;

export const VDIR_USAGE = `Administration of virtual directories.

APPCMD (command) VDIR <identifier> <-parameter1:value1 ...>

Supported commands:

  list      List virtual directories
  add       Add new virtual directory
  set       Configure virtual directory
  delete    Delete virtual directory

Examples:

  appcmd add vdir /app.name:Shop/ /path:/images /physicalPath:D:\\images
`;

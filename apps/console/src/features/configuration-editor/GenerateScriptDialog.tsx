import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { generateScripts, type ScriptInput } from '@iis-console/config-common';
import { DialogButtons, ModalDialog } from '../../components/ModalDialog';

/**
 * Generate Script (IIS Manager's "Script Dialog"): the pending change as C#
 * (Microsoft.Web.Administration), appcmd command lines and PowerShell (WebAdministration).
 */
export function GenerateScriptDialog({ input, onClose }: { input: ScriptInput; onClose(): void }) {
  const scripts = generateScripts(input);
  const panel = (id: string, label: string, lines: string[]) => (
    <TabPanel id={id} className="script-panel">
      <pre className="script" tabIndex={0} aria-label={label}>
        {lines.join('\n')}
      </pre>
    </TabPanel>
  );
  return (
    <ModalDialog title="Script Dialog" isOpen onClose={onClose} isDismissable className="wide">
      <Tabs defaultSelectedKey="appcmd">
        <TabList aria-label="Script language" className="tab-list">
          <Tab id="csharp" className="tab">
            C#
          </Tab>
          <Tab id="appcmd" className="tab">
            AppCmd
          </Tab>
          <Tab id="powershell" className="tab">
            PowerShell
          </Tab>
        </TabList>
        {panel('csharp', 'C# script', scripts.csharp)}
        {panel('appcmd', 'AppCmd script', scripts.appcmd)}
        {panel('powershell', 'PowerShell script', scripts.powershell)}
      </Tabs>
      <DialogButtons>
        <Button className="button" autoFocus onPress={onClose}>
          Close
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}

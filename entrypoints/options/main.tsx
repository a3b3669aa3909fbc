import { render } from 'preact';
import { OptionsApp } from '../../components/OptionsApp';
import { nativeBrowser } from '../../utils/native-browser';
import '../../components/theme.css';
import { createAccountActions } from '../../utils/account/account-actions';
import { createMessenger } from '../../utils/messaging/client';
import {
  microphonePermission,
  requestMicrophoneAccess,
} from '../../utils/recording/capture/microphone';
import { sessionSettingsDrafts } from '../../utils/settings/settings-draft';
import { loadSettings, saveSettings } from '../../utils/settings/settings-storage';
import { openShortcutSettings } from '../../utils/shortcut';

const request = createMessenger((message) => nativeBrowser.runtime.sendMessage(message));

render(
  <OptionsApp
    account={createAccountActions(request)}
    settings={{
      load: loadSettings,
      save: saveSettings,
      // Asked for here, on a page the user sees: the offscreen document cannot prompt.
      microphone: { request: () => requestMicrophoneAccess(), permission: microphonePermission },
      drafts: sessionSettingsDrafts,
    }}
    loadStatus={() => request('status.get', {})}
    openShortcutSettings={() => void openShortcutSettings(nativeBrowser.tabs)}
    version={nativeBrowser.runtime.getManifest().version}
  />,
  document.getElementById('app') as HTMLElement,
);

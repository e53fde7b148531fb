// The desktop app's native file dialog for the studio's path fields (files.pickNative): open an
// existing data file, or name one a sink will write. The service decides what the answer means
// (the path policy, the path as the document writes it); this only asks the user.

import { BrowserWindow, dialog } from 'electron';
import type { NativeFilePicker } from '../services/data-file-handlers.ts';

export const nativeFilePicker: NativeFilePicker = async (request) => {
  const filters = request.extensions.length > 0
    ? [{ name: `${request.formatName ?? 'Data'} files`, extensions: [...request.extensions] }, { name: 'All files', extensions: ['*'] }]
    : [];
  const window = BrowserWindow.getFocusedWindow();
  if (request.mode === 'save') {
    const options = { defaultPath: request.startIn, filters };
    const r = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? undefined : r.filePath;
  }
  const options = { defaultPath: request.startIn, filters, properties: ['openFile' as const] };
  const r = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return r.canceled ? undefined : r.filePaths[0];
};

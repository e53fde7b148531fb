// What the inspector says under a path parameter: where a relative path resolves. One rule, the
// same as the command line's: against the pipeline file's folder. A document not saved yet
// resolves against the workspace; a shipped example is a document of the workspace (Save puts it
// at its path there), so it resolves there too, never inside the app's own folder.

export function pathBaseText(path: string | undefined, example: boolean): string {
  if (path === undefined) return 'Not saved yet: relative paths resolve against the workspace folder.';
  const slash = path.lastIndexOf('/');
  const folder = slash < 0 ? 'workspace/' : `workspace/${path.slice(0, slash)}/`;
  const where = `Relative paths resolve against ${folder}, the pipeline file's folder`;
  return example ? `${where} (this example is saved there on Save).` : `${where}.`;
}

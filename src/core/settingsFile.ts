// The setting names a settings file sets: `.vscode/settings.json` (the top-level object) or a `.code-workspace`
// file (its "settings" object). VS Code drops a machine-scoped setting from a workspace's settings without a
// word, and then not even `inspect()` shows it, so Parley reads the file itself to say so.

/** "Parley ignores parley.requestTimeoutSeconds in this workspace's settings: set it in your User settings." */
export function ignoredSettingsMessage(keys: readonly string[], where: string): string {
  const names = keys.length <= 1 ? (keys[0] ?? '') : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1] ?? ''}`;
  return `Parley ignores ${names} in this workspace's settings: set ${keys.length === 1 ? 'it' : 'them'} in your ${where}.`;
}

/** The keys the file sets, or [] when it is not a JSON object (VS Code reports a broken file itself). */
export function settingsKeys(text: string, file: 'folder' | 'workspace'): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(withoutComments(text));
  } catch {
    return [];
  }
  const settings = file === 'workspace' && isObject(parsed) ? parsed['settings'] : parsed;
  return isObject(settings) ? Object.keys(settings) : [];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with comments and trailing commas (what VS Code accepts in settings) as plain JSON. */
export function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const { literal, end } = stringAt(text, i);
      out += literal;
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  // Once comments are gone, a trailing comma is one that only white space separates from `}` or `]`.
  return dropTrailingCommas(out);
}

/** Copies a string literal starting at `i` (its opening quote); returns it and where it ends. */
function stringAt(text: string, i: number): { readonly literal: string; readonly end: number } {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return { literal: text.slice(i, j + 1), end: j + 1 };
}

function dropTrailingCommas(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const { literal, end } = stringAt(text, i);
      out += literal;
      i = end;
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] === '}' || text[j] === ']') {
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

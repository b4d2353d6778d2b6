// The YAML front matter that instruction and prompt files open with (`---` lines around `key: value` pairs), read
// as far as those files use it: strings (quoted or not), booleans, `[a, b]` lists and `- item` lists. Anything
// else is kept as the raw string, so a rule is never dropped for a construct this reader does not know.

export type FrontMatterValue = string | boolean | readonly string[];

export interface FrontMatter {
  readonly fields: ReadonlyMap<string, FrontMatterValue>;
  /** The text after the front matter (all of it when there is none). */
  readonly body: string;
}

const unquote = (value: string): string => {
  const v = value.trim();
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) ? v.slice(1, -1) : v;
};

function scalar(raw: string): FrontMatterValue {
  const value = raw.trim();
  if (value === 'true' || value === 'false') return value === 'true';
  if (value.startsWith('[') && value.endsWith(']')) {
    return value
      .slice(1, -1)
      .split(',')
      .map(unquote)
      .filter((item) => item !== '');
  }
  return unquote(value);
}

export function parseFrontMatter(text: string): FrontMatter {
  const source = text.replace(/^\uFEFF/, '');
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return { fields: new Map(), body: source };
  const fields = new Map<string, FrontMatterValue>();
  let listKey: string | undefined;
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const item = /^\s+-\s+(.*)$|^-\s+(.*)$/.exec(line);
    if (item && listKey !== undefined) {
      const previous = fields.get(listKey);
      fields.set(listKey, [...(Array.isArray(previous) ? previous : []), unquote(item[1] ?? item[2] ?? '')]);
      continue;
    }
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!pair) continue;
    const key = pair[1] ?? '';
    const value = pair[2] ?? '';
    // An empty value may be followed by `- item` lines; until one comes it counts as an empty string.
    listKey = value.trim() === '' ? key : undefined;
    fields.set(key, value.trim() === '' ? '' : scalar(value));
  }
  return { fields, body: source.slice(match[0].length) };
}

/** A field as a string ('' when missing or not a string). */
export function stringField(front: FrontMatter, key: string): string {
  const value = front.fields.get(key);
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : '';
}

/** A glob field: a list, or one string of comma-separated globs (how both Cursor and VS Code write them). */
export function globsField(front: FrontMatter, key: string): string[] {
  const value = front.fields.get(key);
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return items.flatMap((item) => splitGlobs(item));
}

/** Splits "a/**,{b,c}.ts" on the commas that are not inside braces. */
function splitGlobs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '{') depth++;
    if (c === '}') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.map(unquote).filter((g) => g !== '');
}

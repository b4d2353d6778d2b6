// Glob matching for the `applyTo` of .github/instructions files and the `globs` of Cursor rules, against
// workspace-relative paths with forward slashes: `**` crosses folders, `*` and `?` stay within one, `{a,b}`
// and `[abc]` as usual. A pattern without a slash matches the file name at any depth (`*.ts` is every
// TypeScript file), as both tools treat it. Compiled patterns are kept: rules are matched before every question.

const compiled = new Map<string, RegExp>();
const COMPILED_LIMIT = 500;

function escape(c: string): string {
  return /[.+^$()|\\]/.test(c) ? `\\${c}` : c;
}

function toRegExp(glob: string): RegExp {
  let pattern = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  else if (!pattern.includes('/')) pattern = `**/${pattern}`;
  if (pattern.endsWith('/')) pattern += '**';
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        const atSegmentStart = i === 0 || pattern[i - 1] === '/' || (braces > 0 && (pattern[i - 1] === '{' || pattern[i - 1] === ','));
        if (atSegmentStart && slashAfter) {
          out += '(?:[^/]*/)*';
          i += 2;
        } else if (atSegmentStart && (i + 2 === pattern.length || (braces > 0 && (pattern[i + 2] === ',' || pattern[i + 2] === '}')))) {
          out += '.*';
          i += 1;
        } else {
          out += '[^/]*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else out += escape(c);
  }
  while (braces-- > 0) out += ')';
  try {
    return new RegExp(`^${out}$`);
  } catch {
    // A pattern this reader cannot make sense of matches nothing rather than everything.
    return /$^/;
  }
}

export function globMatches(glob: string, path: string): boolean {
  let regex = compiled.get(glob);
  if (!regex) {
    if (compiled.size > COMPILED_LIMIT) compiled.clear();
    regex = toRegExp(glob);
    compiled.set(glob, regex);
  }
  return regex.test(path.replace(/\\/g, '/').replace(/^\.\//, ''));
}

export function anyGlobMatches(globs: readonly string[], path: string): boolean {
  return globs.some((glob) => globMatches(glob, path));
}

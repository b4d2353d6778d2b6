// What a found secret is: where it is in the text (UTF-16 offsets, the units `String#slice` splices) and what kind.

export interface SecretSpan {
  readonly start: number;
  readonly end: number;
  /** In words, for the placeholder and the chip (e.g. "GitHub Token"); never the secret itself. */
  readonly kind: string;
}

/** A value that stands for a secret rather than being one: `${DB_PASSWORD}`, `<token>`, `****`, `%s`. */
export function isPlaceholderValue(value: string): boolean {
  return /^(?:\$\{.*\}|\$[A-Z_][A-Z0-9_]*|\{\{.*\}\}|<[^>]*>|%[sd]|\*+|x+|\.\.\.|…)$/i.test(value);
}

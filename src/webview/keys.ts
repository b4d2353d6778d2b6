// What a key press in the input box means. Pure, so it is unit-tested without a browser.

export interface KeyPress {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  /** True while an input method (IME) is composing: Enter then confirms the composition, it must not send. */
  readonly isComposing: boolean;
}

export type InputAction = 'send' | 'default';

export function inputAction(press: KeyPress): InputAction {
  if (press.key !== 'Enter' || press.isComposing) return 'default';
  if (press.shiftKey || press.altKey) return 'default';
  return 'send';
}

/** Height in rows for the input box: grows with its text, up to a limit, then scrolls. */
export function inputRows(text: string, maxRows = 10): number {
  const lines = text.split('\n').length;
  return Math.max(1, Math.min(maxRows, lines));
}

/**
 * The `#word` being typed at the cursor, which the context picker completes: # at the start of the input or
 * after a space, then no spaces up to the cursor (a `symbol:` prefix may be followed by one space). undefined
 * when the cursor is not in one.
 */
export function hashQueryAt(text: string, cursor: number): { readonly start: number; readonly query: string } | undefined {
  const before = text.slice(0, cursor);
  const match = /(?:^|\s)#((?:symbol:\s?)?[^\s#]*)$/i.exec(before);
  if (!match) return undefined;
  const query = match[1] ?? '';
  return { start: cursor - query.length - 1, query };
}

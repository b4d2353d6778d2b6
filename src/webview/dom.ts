// Small helpers for building the view's elements. Text always goes in as text, never as HTML.

type Attributes = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A labelled button: an icon, and text unless `iconOnly` (the label is then its tooltip and accessible name). */
export function button(options: { icon?: string; label: string; action: string; iconOnly?: boolean; kind?: 'primary' | 'secondary' | 'link' }): HTMLButtonElement {
  const { icon: iconName, label, action, iconOnly = false, kind = 'link' } = options;
  const classes = iconOnly ? 'icon-button' : `button ${kind}`;
  const element = h('button', { type: 'button', class: classes, 'data-action': action, title: label, 'aria-label': iconOnly ? label : undefined });
  if (iconName) element.append(icon(iconName));
  if (!iconOnly) element.append(iconName ? ` ${label}` : label);
  return element;
}

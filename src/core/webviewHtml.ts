// The chat view's HTML page. Pure, so the Content Security Policy is unit-tested: nothing loads unless it comes
// from the extension (cspSource) or carries this page's nonce, and no remote image can carry data out.

export interface ChatPageResources {
  /** `webview.cspSource`: the origin the webview serves the extension's files from. */
  readonly cspSource: string;
  /** A fresh random value per page load. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUris: readonly string[];
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderChatPage(resources: ChatPageResources): string {
  const { cspSource, nonce, scriptUri, styleUris } = resources;
  const styles = styleUris.map((uri) => `<link rel="stylesheet" href="${escapeAttribute(uri)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>Parley</title>
  </head>
  <body>
    <main id="chat" aria-busy="true">
      <section id="transcript" role="log" aria-live="polite" aria-label="Conversation">
        <div id="welcome" class="welcome">
          <p class="welcome-title"><span class="codicon codicon-comment-discussion" aria-hidden="true"></span> Ask Parley about your code</p>
          <p class="welcome-hint">Parley sees the file you are working on. Enter sends, Shift+Enter adds a line.</p>
        </div>
      </section>
      <form id="composer" class="composer" autocomplete="off">
        <label for="input" class="visually-hidden">Message to Parley</label>
        <textarea id="input" rows="1" placeholder="Ask about your code…" disabled></textarea>
        <button id="send" type="submit" class="icon-button" title="Send (Enter)" aria-label="Send" disabled>
          <span class="codicon codicon-send" aria-hidden="true"></span>
        </button>
      </form>
      <footer id="status" class="status" role="status">Connecting…</footer>
    </main>
    <script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
  </body>
</html>`;
}

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
      <header class="topbar">
        <button id="model" type="button" class="model-button" title="Choose the model" aria-label="Choose the model">
          <span class="codicon codicon-chip" aria-hidden="true"></span>
          <span id="model-name">Connecting…</span>
          <span class="codicon codicon-chevron-down" aria-hidden="true"></span>
        </button>
      </header>
      <section id="setup" class="setup-card" aria-labelledby="setup-title" hidden>
        <h2 id="setup-title">Connect Parley to a model</h2>
        <p>Parley talks to any OpenAI-compatible server. No server was found and no key is set.</p>
        <div class="setup-actions">
          <button type="button" class="button primary" data-setup="set-key"><span class="codicon codicon-key" aria-hidden="true"></span> Paste an API key</button>
          <button type="button" class="button secondary" data-setup="find-local"><span class="codicon codicon-server" aria-hidden="true"></span> Use a local server</button>
          <button type="button" class="button secondary" data-setup="custom-url"><span class="codicon codicon-link" aria-hidden="true"></span> Enter a server URL</button>
        </div>
        <p class="hint">Local servers: Ollama (port 11434) and LM Studio (port 1234) are found on their own once running.</p>
      </section>
      <section id="transcript" role="log" aria-live="off" aria-label="Conversation">
        <div id="welcome" class="welcome">
          <p class="welcome-title"><span class="codicon codicon-comment-discussion" aria-hidden="true"></span> Ask Parley about your code</p>
          <div id="starters" class="starters" role="group" aria-label="Suggested questions"></div>
          <p class="welcome-hint">Enter sends, Shift+Enter adds a line, Up recalls your last question, # adds a file or other context, / runs a command.</p>
        </div>
      </section>
      <div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
      <div id="waiting" class="waiting" role="status" hidden></div>
      <div id="picker" class="picker" role="listbox" aria-label="Add context" hidden></div>
      <div id="chips" class="chips" role="list" aria-label="Context sent with your question"></div>
      <button id="secrets" type="button" class="secrets" hidden></button>
      <form id="composer" class="composer" autocomplete="off">
        <label for="input" class="visually-hidden">Message to Parley</label>
        <textarea id="input" rows="1" placeholder="Ask, or # to add context…" disabled></textarea>
        <button id="send" type="submit" class="icon-button" title="Send (Enter)" aria-label="Send" disabled>
          <span class="codicon codicon-send" aria-hidden="true"></span>
        </button>
      </form>
      <footer class="status">
        <span id="status" role="status"></span>
        <span id="budget" class="budget" title="Tokens the last request took, of what the model's context window leaves after room for the answer"></span>
      </footer>
    </main>
    <script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
  </body>
</html>`;
}

import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, renderChatPage } from '../../src/core/webviewHtml';

const resources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/chat.css'],
};

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('chat page', () => {
  it('denies everything by default and allows scripts only with the nonce', () => {
    const csp = directives(contentSecurityPolicy(resources.cspSource, resources.nonce));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'nonce-abc123'"]);
    assert.deepEqual(csp.get('style-src'), [resources.cspSource]);
  });

  it('never allows remote images (an exfiltration channel for model output)', () => {
    const img = directives(contentSecurityPolicy(resources.cspSource, resources.nonce)).get('img-src') ?? [];
    assert.ok(!img.some((source) => source === 'https:' || source === 'http:' || source === '*'), img.join(' '));
  });

  it('carries the policy, the nonce on its only script, the styles and an input box', () => {
    const html = renderChatPage(resources);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? '', /nonce="abc123"/);
    assert.match(scripts[0] ?? '', /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
    assert.match(html, /<link rel="stylesheet" href="[^"]*chat\.css">/);
    assert.match(html, /<textarea id="input"/);
    assert.match(html, /<label for="input"/);
  });

  it('escapes resource URIs so they cannot break out of their attribute', () => {
    const html = renderChatPage({ ...resources, scriptUri: 'x" onload="alert(1)' });
    assert.ok(!html.includes('" onload="'));
    assert.match(html, /src="x&quot; onload=&quot;alert\(1\)"/);
  });
});

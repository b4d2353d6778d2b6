import * as assert from 'node:assert/strict';
import { chipLabel, chipRowSecrets, chipTooltip, secretsText } from '../../src/webview/chipText';
import type { ChipView } from '../../src/core/protocol';

function chip(fields: Partial<ChipView> = {}): ChipView {
  return { id: 'file', kind: 'file', label: 'csv.ts', detail: 'The whole of src/csv.ts (40 lines).', tokens: 193, state: 'kept', explicit: false, pinned: false, secrets: 0, secretKinds: [], ...fields };
}

describe('chip text', () => {
  it('the tooltip says what the number is ("193 tokens"), and the chip shows the number only', () => {
    const tooltip = chipTooltip(chip());
    assert.match(tooltip, /^The whole of src\/csv\.ts \(40 lines\)\.\n193 tokens\nClick to see exactly what is sent\.$/);
    assert.equal(chipTooltip(chip({ tokens: 1 })).split('\n')[1], '1 token');
    assert.equal(chipTooltip(chip({ tokens: 12_345 })).split('\n')[1], '12,345 tokens');
    assert.doesNotMatch(chipTooltip(chip({ tokens: undefined })), /token/);
  });

  it('names the kinds of secrets found, never the secrets', () => {
    assert.equal(secretsText(2, ['AWS Access Key ID', 'GitHub Token']), '2 secrets removed: AWS Access Key ID, GitHub Token');
    assert.equal(secretsText(1, []), '1 secret removed');
    const tooltip = chipTooltip(chip({ secrets: 3, secretKinds: ['AWS Access Key ID', 'GitHub Token'] }));
    assert.match(tooltip, /\n3 secrets removed: AWS Access Key ID, GitHub Token \(replaced by a placeholder before sending\)\n/);
  });

  it('the row under the chips adds up the kept chips, each kind once', () => {
    const row = chipRowSecrets([
      chip({ secrets: 2, secretKinds: ['AWS Access Key ID'] }),
      chip({ id: 'selection', secrets: 1, secretKinds: ['AWS Access Key ID', 'GitHub Token'] }),
      chip({ id: 'problems', state: 'removed', secrets: 4, secretKinds: ['Slack Token'] }),
    ]);
    assert.deepEqual(row, { count: 3, text: '3 secrets removed: AWS Access Key ID, GitHub Token' });
  });

  it('the workspace chip says "workspace", its folder name (a temporary one, often) only in the tooltip', () => {
    const workspace = chip({ id: 'workspace', kind: 'workspace', label: 'parley-ws-Xq81zB', detail: 'The workspace name, its main languages.', tokens: 21 });
    assert.equal(chipLabel(workspace), 'workspace');
    assert.match(chipTooltip(workspace), /^Workspace: parley-ws-Xq81zB\. /);
    assert.equal(chipLabel(chip()), 'csv.ts');
  });

  it('a withheld chip says why, and does not offer a preview of what it does not send', () => {
    const tooltip = chipTooltip(chip({ label: '.env', detail: '.env is excluded by Parley’s defaults for secrets; its text is never sent.', tokens: undefined, state: 'excluded', explicit: true }));
    assert.equal(tooltip, '.env is excluded by Parley’s defaults for secrets; its text is never sent.');
  });
});

import * as assert from 'node:assert/strict';
import { SYSTEM_PROMPT, withInstructions } from '../../src/core/chat/systemPrompt';
import { SUMMARY_INSTRUCTION } from '../../src/core/chat/compact';
import { redactSecrets } from '../../src/core/context/redact';

describe('the system prompt with the project instructions', () => {
  it('puts the instructions after Parley’s own rules, and nothing when there are none', () => {
    assert.equal(withInstructions(SYSTEM_PROMPT, []), SYSTEM_PROMPT);
    assert.equal(withInstructions('rules', [{ text: 'Use pnpm.' }, { text: '' }]), 'rules\n\nUse pnpm.');
  });

  it('is scanned for secrets like every message: a secret in an instruction file is replaced, Parley’s own text is not touched', async () => {
    assert.equal((await redactSecrets(SYSTEM_PROMPT)).text, SYSTEM_PROMPT);
    assert.equal((await redactSecrets(SUMMARY_INSTRUCTION)).text, SUMMARY_INSTRUCTION);
    const token = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    const system = withInstructions(SYSTEM_PROMPT, [{ text: `Deploy with GITHUB_TOKEN=${token}` }]);
    const redacted = await redactSecrets(system);
    assert.ok(!redacted.text.includes(token));
    assert.equal(redacted.redactions.length, 1);
  });
});

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceSettingsFrom, SETTING_KEYS, settingsFrom, settingsManifest } from '../../src/core/settings';
import type { SettingKey } from '../../src/core/settings';
import { INSTRUCTION_SOURCES } from '../../src/core/context/instructions';

const manifest = settingsManifest(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')));
const from = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];

describe('settings', () => {
  it('every setting the manifest declares has a typed field, and every field a declaration', () => {
    assert.deepEqual([...SETTING_KEYS].sort(), [...manifest.keys()].sort());
  });

  it('unset settings take the defaults the manifest declares', () => {
    const settings = settingsFrom(from({}), manifest);
    assert.equal(settings.baseUrl, '');
    assert.equal(settings.model, '');
    assert.equal(settings.requestTimeoutSeconds, manifest.get('requestTimeoutSeconds')?.default);
    assert.equal(settings.maxOutputTokens, manifest.get('maxOutputTokens')?.default);
    assert.equal(settings.fuzzyThreshold, manifest.get('fuzzyThreshold')?.default);
    assert.equal(settings.temperature, undefined);
    assert.equal(settings.contextWindow, undefined);
    assert.equal(settings.recordCorrections, true);
    assert.equal(settings.lessonsEnabled, false);
    assert.deepEqual(settings.refactorPresets, []);
    assert.equal(settings.prices.size, 0);
    assert.deepEqual(resourceSettingsFrom(from({}), manifest), { excludeFiles: [], codeLensEnabled: false, instructionSources: INSTRUCTION_SOURCES });
  });

  it('a value of the wrong type or out of range falls back to the default, and set values are trimmed and parsed', () => {
    const settings = settingsFrom(
      from({
        baseUrl: '  http://localhost:11434/v1 ',
        requestTimeoutSeconds: -5,
        maxOutputTokens: 'lots',
        temperature: 0,
        contextWindow: 0,
        fuzzyThreshold: 3,
        'corrections.record': 'no',
        prices: { m: { input: 1, output: 2 } },
        refactorPresets: [{ label: ' Early returns ', prompt: 'Use early returns.' }, { label: '' }],
      }),
      manifest,
    );
    assert.equal(settings.baseUrl, 'http://localhost:11434/v1');
    assert.equal(settings.requestTimeoutSeconds, manifest.get('requestTimeoutSeconds')?.default);
    assert.equal(settings.maxOutputTokens, manifest.get('maxOutputTokens')?.default);
    assert.equal(settings.temperature, 0, 'zero is a temperature, not "unset"');
    assert.equal(settings.contextWindow, undefined);
    assert.equal(settings.fuzzyThreshold, 1);
    assert.equal(settings.recordCorrections, true);
    assert.deepEqual(settings.prices.get('m'), { input: 1, output: 2 });
    assert.deepEqual(settings.refactorPresets, [{ label: 'Early returns', prompt: 'Use early returns.' }]);
    const resource = resourceSettingsFrom(from({ excludeFiles: ['*.sql', 3], 'codeLens.enabled': true, 'instructions.sources': ['CLAUDE.md', 'nope'] }), manifest);
    assert.deepEqual(resource, { excludeFiles: ['*.sql'], codeLensEnabled: true, instructionSources: ['CLAUDE.md'] });
  });

  it('the connection settings are machine-scoped in the manifest, so a workspace cannot redirect the key', () => {
    for (const key of ['baseUrl', 'model', 'requestTimeoutSeconds', 'maxOutputTokens'] as const) assert.equal(manifest.get(key)?.scope, 'machine', key);
    assert.equal(manifest.get('excludeFiles')?.scope, 'resource');
  });
});

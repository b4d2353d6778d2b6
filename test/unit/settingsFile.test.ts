import * as assert from 'node:assert/strict';
import { ignoredSettingsMessage, settingsKeys, withoutComments } from '../../src/core/settingsFile';

describe('settings files', () => {
  it('reads the keys of a settings file with comments and trailing commas, as VS Code allows', () => {
    const text = '{\n  // the server\n  "parley.baseUrl": "http://x//y", /* not a comment: "//" in a string */\n  "a\\"b": [1, 2,],\n}\n';
    assert.deepEqual(settingsKeys(text, 'folder'), ['parley.baseUrl', 'a"b']);
    assert.equal(JSON.parse(withoutComments(text))['parley.baseUrl'], 'http://x//y');
  });

  it('reads a workspace file\'s "settings" object, and nothing from a file that is not an object', () => {
    assert.deepEqual(settingsKeys('{ "folders": [{ "path": "." }], "settings": { "parley.model": "m", }, }', 'workspace'), ['parley.model']);
    assert.deepEqual(settingsKeys('{ "folders": [] }', 'workspace'), []);
    assert.deepEqual(settingsKeys('[1, 2]', 'folder'), []);
    assert.deepEqual(settingsKeys('{ "unclosed": ', 'folder'), []);
    assert.deepEqual(settingsKeys('', 'folder'), []);
  });

  it('says which settings are ignored and where to set them', () => {
    assert.equal(
      ignoredSettingsMessage(['parley.requestTimeoutSeconds'], 'User settings'),
      "Parley ignores parley.requestTimeoutSeconds in this workspace's settings: set it in your User settings.",
    );
    assert.equal(
      ignoredSettingsMessage(['parley.baseUrl', 'parley.model', 'parley.temperature'], 'Remote settings'),
      "Parley ignores parley.baseUrl, parley.model and parley.temperature in this workspace's settings: set them in your Remote settings.",
    );
  });
});

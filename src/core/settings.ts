// Parley's settings as typed values. The manifest (package.json `contributes.configuration`) is the one place a
// setting's default and scope are written; this module reads it once and turns the raw values VS Code (or a test)
// hands over into typed ones, falling back to the manifest's default for a value of the wrong type or range.
// Pure, so the host's settings service and the tests' in-memory one read settings the same way.
import { parseSources } from './context/instructions';
import type { InstructionSource } from './context/instructions';
import { parsePrices } from './model/usage';
import type { ModelPrice } from './model/usage';
import { customPresets } from './refactor/presets';
import type { RefactorPreset } from './refactor/presets';

export const SECTION = 'parley';

/** Every `parley.*` setting Parley reads (without the section), window-scoped first, then those read per file. */
export const SETTING_KEYS = [
  'baseUrl',
  'model',
  'requestTimeoutSeconds',
  'maxOutputTokens',
  'temperature',
  'contextWindow',
  'fuzzyThreshold',
  'refactorPresets',
  'corrections.record',
  'lessons.enabled',
  'prices',
  'excludeFiles',
  'codeLens.enabled',
  'instructions.sources',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The settings read for the window as a whole. */
export interface ParleySettings {
  /** Empty when unset: the model connection falls back to OPENAI_BASE_URL or a local server. */
  readonly baseUrl: string;
  /** Empty when unset: the first model the server lists. */
  readonly model: string;
  readonly requestTimeoutSeconds: number;
  readonly maxOutputTokens: number;
  /** undefined: the server's default. */
  readonly temperature: number | undefined;
  /** undefined: ask the server, else a conservative default. */
  readonly contextWindow: number | undefined;
  /** 0..1: how similar a SEARCH text must be to the file's text to be anchored by the fuzzy rung. */
  readonly fuzzyThreshold: number;
  /** The person's own presets for Refactor Selection… (the built-in ones are not settings). */
  readonly refactorPresets: readonly RefactorPreset[];
  readonly recordCorrections: boolean;
  readonly lessonsEnabled: boolean;
  readonly prices: ReadonlyMap<string, ModelPrice>;
}

/** The settings read for one file or folder: a folder's own settings may differ from the workspace's. */
export interface ResourceSettings {
  readonly excludeFiles: readonly string[];
  readonly codeLensEnabled: boolean;
  readonly instructionSources: readonly InstructionSource[];
}

export interface SettingDeclaration {
  readonly default: unknown;
  /** `machine`, `resource`, …; undefined: VS Code's default (`window`). */
  readonly scope: string | undefined;
}

/** What the manifest declares, by key without the section (`baseUrl`, `codeLens.enabled`). */
export type SettingsManifest = ReadonlyMap<string, SettingDeclaration>;

export function settingsManifest(packageJson: unknown): SettingsManifest {
  const properties = record(record(record(record(packageJson)?.['contributes'])?.['configuration'])?.['properties']) ?? {};
  const declarations = new Map<string, SettingDeclaration>();
  for (const [name, raw] of Object.entries(properties)) {
    if (!name.startsWith(`${SECTION}.`)) continue;
    const scope = record(raw)?.['scope'];
    declarations.set(name.slice(SECTION.length + 1), { default: record(raw)?.['default'], scope: typeof scope === 'string' ? scope : undefined });
  }
  return declarations;
}

/** A setting's value as set (undefined when set nowhere: the manifest's default applies). */
export type SettingLookup = (key: SettingKey) => unknown;

export function settingsFrom(lookup: SettingLookup, manifest: SettingsManifest): ParleySettings {
  const read = reader(lookup, manifest);
  return {
    baseUrl: read.string('baseUrl').trim(),
    model: read.string('model').trim(),
    requestTimeoutSeconds: read.positive('requestTimeoutSeconds'),
    maxOutputTokens: read.positive('maxOutputTokens'),
    temperature: read.numberOrUnset('temperature'),
    contextWindow: read.positiveOrUnset('contextWindow'),
    fuzzyThreshold: Math.min(1, read.positive('fuzzyThreshold')),
    refactorPresets: customPresets(read.raw('refactorPresets')),
    recordCorrections: read.boolean('corrections.record'),
    lessonsEnabled: read.boolean('lessons.enabled'),
    prices: parsePrices(read.raw('prices')),
  };
}

export function resourceSettingsFrom(lookup: SettingLookup, manifest: SettingsManifest): ResourceSettings {
  const read = reader(lookup, manifest);
  const excludeFiles = read.raw('excludeFiles');
  return {
    excludeFiles: Array.isArray(excludeFiles) ? excludeFiles.filter((p): p is string => typeof p === 'string') : [],
    codeLensEnabled: read.boolean('codeLens.enabled'),
    instructionSources: parseSources(read.raw('instructions.sources')),
  };
}

function reader(lookup: SettingLookup, manifest: SettingsManifest) {
  const raw = (key: SettingKey): unknown => lookup(key) ?? manifest.get(key)?.default;
  const fallback = (key: SettingKey): unknown => manifest.get(key)?.default;
  const isPositive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
  return {
    raw,
    string: (key: SettingKey): string => {
      const value = raw(key);
      const other = fallback(key);
      return typeof value === 'string' ? value : typeof other === 'string' ? other : '';
    },
    boolean: (key: SettingKey): boolean => {
      const value = raw(key);
      return typeof value === 'boolean' ? value : fallback(key) === true;
    },
    positive: (key: SettingKey): number => {
      const value = raw(key);
      const other = fallback(key);
      if (isPositive(value)) return value;
      if (isPositive(other)) return other;
      throw new Error(`The manifest declares no positive default for ${SECTION}.${key}.`);
    },
    positiveOrUnset: (key: SettingKey): number | undefined => {
      const value = raw(key);
      return isPositive(value) ? value : undefined;
    },
    numberOrUnset: (key: SettingKey): number | undefined => {
      const value = raw(key);
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    },
  };
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

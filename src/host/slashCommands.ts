// Slash commands in the chat input: completion for the `/name` being typed, the line that says what a command
// will send, and running it when the question is sent. The built-in ones ask through the chat with the refactor
// presets' questions (/fix, /doc and /tests end in a proposal for the code they name); prompt files from the
// project ask their own text, with ${selection}, ${file} and ${input:name} filled in (an input box asks for each).
import * as vscode from 'vscode';
import { BUILT_IN_COMMANDS, expandPrompt, matchCommands, parseSlash, promptInputs, reviewQuestion, sendsLine } from '../core/chat/slashCommands';
import type { BuiltInName, SlashCommand, SlashTarget } from '../core/chat/slashCommands';
import { BUILT_IN_PRESETS, explainQuestion, refactorQuestion, testFilePath, testsQuestion } from '../core/refactor/presets';
import { exclusionOf } from '../core/context/items';
import type { PickEntry } from '../core/protocol';
import type { Answered, ChatController } from './chatController';
import type { ContextCollector } from './contextCollector';
import type { ContextPicker } from './contextPicker';
import type { EditTarget } from './proposals';
import { linesScope, scopeItem, symbolScope } from './codeScope';
import type { CodeScope } from './codeScope';
import { displayPath, lastSelectedLine } from './contextSources';
import { mayWrite } from './trust';

const PRESET_FOR: Partial<Record<BuiltInName, string>> = { fix: 'Fix problems', doc: 'Add doc comments', tests: 'Generate tests' };

export class SlashCommands {
  constructor(
    private readonly chat: ChatController,
    private readonly context: ContextCollector,
    private readonly picker: Pick<ContextPicker, 'choose'>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The built-in commands, then the project's prompt files (a prompt file cannot take a built-in's name). */
  async commands(): Promise<SlashCommand[]> {
    const prompts = await this.context.projectFiles.prompts();
    const taken = new Set<string>(BUILT_IN_COMMANDS.map((c) => c.name));
    const fromFiles = prompts.flatMap((prompt) => {
      if (taken.has(prompt.name)) {
        this.log.info(`The prompt file ${prompt.path} is not offered as /${prompt.name}: that name is taken.`);
        return [];
      }
      taken.add(prompt.name);
      return [{ name: prompt.name, description: prompt.description, prompt }];
    });
    return [...BUILT_IN_COMMANDS, ...fromFiles];
  }

  /**
   * For `slash/query`: while the name is typed, the commands that match it, described; once it is followed by a
   * space, the one command with its description replaced by what it will send ("/explain · the selection in …").
   */
  async query(text: string): Promise<{ entries: PickEntry[]; note: string | undefined }> {
    const commands = await this.commands();
    const typing = /^\/([\w.-]*)$/.exec(text);
    if (typing) {
      const matches = matchCommands(typing[1] ?? '', commands);
      return {
        entries: matches.map(({ command, positions }) => ({ ref: `slash:${command.name}`, kind: 'command', label: `/${command.name}`, description: command.description, positions })),
        note: matches.length === 0 ? 'No command by that name: the text is sent as it is.' : undefined,
      };
    }
    const parsed = parseSlash(text);
    const command = parsed && commands.find((c) => c.name === parsed.name);
    if (!parsed || !command) return { entries: [], note: undefined };
    const { target } = await this.targetOf(command, parsed.args);
    const line = sendsLine(command, target, {
      compactable: this.chat.canCompact,
      inputs: command.prompt ? promptInputs(command.prompt.body).map((i) => i.name) : [],
    });
    return { entries: [{ ref: `slash:${command.name}`, kind: 'command', label: `/${command.name}`, description: line, positions: [] }], note: undefined };
  }

  /** Runs the command the text names; false when it names none (the text is then asked as it is). */
  async run(text: string): Promise<Answered | undefined | false> {
    const parsed = parseSlash(text);
    if (!parsed) return false;
    const command = (await this.commands()).find((c) => c.name === parsed.name);
    if (!command) return false;
    this.log.info(`Running /${command.name}${command.prompt ? ` from ${command.prompt.path}` : ''}.`);
    if (command.prompt) return this.runPrompt(command, parsed.args);
    const name = command.name as BuiltInName;
    if (name === 'new') {
      this.chat.newChat();
      return undefined;
    }
    if (name === 'compact') {
      await this.chat.compact();
      return undefined;
    }
    const { target, scope } = await this.targetOf(command, parsed.args);
    const extra = parsed.args.replace(/(^|\s)#changes\b/g, ' ').trim();
    const also = extra === '' ? '' : `\n\nAlso: ${extra}`;
    if (target.kind === 'changes') {
      await this.picker.choose('changes');
      return this.chat.send(`${reviewQuestion('the uncommitted changes')}${also}`);
    }
    if (!scope || target.kind !== 'code') {
      void vscode.window.showInformationMessage(`Parley: /${name} works on code: open a file or select some code first.`);
      return undefined;
    }
    const exclusions = this.context.exclusions(scope.document.uri);
    const excluded = exclusionOf(scope.path, exclusions);
    if (excluded) {
      void vscode.window.showWarningMessage(`Parley: ${excluded}`);
      return undefined;
    }
    const preset = BUILT_IN_PRESETS.find((p) => p.label === PRESET_FOR[name]);
    if (preset && !mayWrite(`use /${name}`)) return undefined;
    this.context.add(scopeItem(scope, exclusions));
    const about = `${scope.what} (lines ${scope.startLine}–${scope.endLine} of ${scope.path})`;
    if (name === 'explain') return this.chat.send(`${explainQuestion(scope)}${also}`);
    if (name === 'review') return this.chat.send(`${reviewQuestion(about)}${also}`);
    if (!preset) return false;
    const { document } = scope;
    const edit: EditTarget = { uri: document.uri, range: [document.offsetAt(scope.range.start), document.offsetAt(scope.range.end)], version: document.version };
    if (name === 'tests') {
      const testPath = testFilePath(scope.path, await this.testFiles());
      return this.chat.send(`${testsQuestion(preset.prompt, scope, testPath)}${also}`, { ...edit, newFile: testPath });
    }
    return this.chat.send(`${refactorQuestion(preset.prompt, scope)}${also}`, edit);
  }

  private async runPrompt(command: SlashCommand, args: string): Promise<Answered | undefined> {
    const prompt = command.prompt!;
    const inputs = new Map<string, string>();
    for (const { name, placeholder } of promptInputs(prompt.body)) {
      const value = await vscode.window.showInputBox({ title: `/${command.name}: ${name}`, prompt: `${name} for ${prompt.path}`, placeHolder: placeholder, ignoreFocusOut: true });
      if (value === undefined) return undefined; // cancelled: nothing is sent
      inputs.set(name, value);
    }
    const editor = this.context.lastEditor;
    const document = editor && !editor.document.isClosed ? editor.document : undefined;
    const path = document ? displayPath(document.uri) : '';
    const excluded = path === '' ? undefined : exclusionOf(path, this.context.exclusions(document?.uri));
    const selection = editor && document && !excluded ? document.getText(editor.selection) : '';
    const text = expandPrompt(prompt.body, { selection, file: path, inputs });
    return this.chat.send(args === '' ? text : `${text}\n\n${args}`);
  }

  /** What a command works on now: the selection, else the function around the cursor, else the file; or the changes. */
  private async targetOf(command: SlashCommand, args: string): Promise<{ target: SlashTarget; scope?: CodeScope }> {
    const editor = this.context.lastEditor;
    if (command.name === 'review' && !command.prompt && (/(^|\s)#changes\b/.test(args) || !editor)) return { target: { kind: 'changes' } };
    if (!editor || editor.document.isClosed) return { target: { kind: 'none' } };
    const { document, selection } = editor;
    if (!selection.isEmpty && document.getText(selection).trim() !== '') {
      const scope = linesScope(document, selection.start.line, lastSelectedLine(selection), 'the selected code');
      return { target: { kind: 'code', scope, selection: true }, scope };
    }
    if (command.prompt || command.name === 'review') {
      const scope = linesScope(document, 0, Math.max(0, document.lineCount - 1), `the file ${displayPath(document.uri)}`);
      return { target: { kind: 'code', scope, selection: false }, scope };
    }
    const symbol = await symbolScope(document, selection.active);
    const scope = symbol ?? linesScope(document, 0, Math.max(0, document.lineCount - 1), 'the whole file');
    return { target: { kind: 'code', scope, selection: false }, scope };
  }

  /** The workspace's test files, for naming a new one the way the project does. */
  private async testFiles(): Promise<string[]> {
    try {
      const found = await vscode.workspace.findFiles('**/{*.test.*,*.spec.*,test_*.py,*_test.go}', '**/node_modules/**', 500);
      return found.map((uri) => vscode.workspace.asRelativePath(uri, false));
    } catch (err) {
      this.log.warn(`Could not list the workspace's test files to name the new one: ${String(err)}`);
      return [];
    }
  }
}

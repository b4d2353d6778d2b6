// The files Parley reads from the project for itself: the instruction files (sent with the system prompt as the
// "instructions" item) and the prompt files (slash commands). One search finds them when first needed and one
// file watcher keeps the list and the texts current, so a question never waits on the disk for them twice.
// An excluded file is never read: the exclusions are checked before each read.
import * as vscode from 'vscode';
import { PROJECT_FILES_GLOB, PROJECT_FOLDERS_GLOB, instructionCandidates, instructionsItem } from '../core/context/instructions';
import type { InstructionFile } from '../core/context/instructions';
import { exclusionOf } from '../core/context/items';
import type { ContextItem, ExclusionList } from '../core/context/items';
import { promptFileFrom } from '../core/chat/slashCommands';
import type { PromptFile } from '../core/chat/slashCommands';
import type { Config } from './config';

/** Instruction and prompt files are small; a larger one is read only this far. */
const MAX_FILE_BYTES = 256 * 1024;

export class ProjectFiles implements vscode.Disposable {
  private readonly folder = vscode.workspace.workspaceFolders?.[0];
  /** Workspace-relative paths of every instruction and prompt file, once searched. */
  private paths: Promise<Set<string>> | undefined;
  /** Texts read, by path (undefined: could not be read). Dropped when the file changes. */
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when an instruction or prompt file was created, changed or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly exclusions: (uri: vscode.Uri) => readonly ExclusionList[],
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
  ) {
    if (!this.folder) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, PROJECT_FILES_GLOB));
    const update = (uri: vscode.Uri, kind: 'create' | 'change' | 'delete') => void this.update(uri, kind);
    const folders = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, PROJECT_FOLDERS_GLOB), false, true, false);
    const searchAgain = () => {
      this.paths = undefined;
      this.texts.clear();
      this.changed.fire();
    };
    this.subscriptions.push(
      watcher,
      folders,
      folders.onDidCreate(searchAgain),
      folders.onDidDelete(searchAgain),
      watcher.onDidCreate((uri) => update(uri, 'create')),
      watcher.onDidChange((uri) => update(uri, 'change')),
      watcher.onDidDelete((uri) => update(uri, 'delete')),
      config.onDidChange((change) => {
        if (change.affects('instructions.sources')) this.changed.fire();
      }),
    );
  }

  /** The instructions item for a question about `activePath` (workspace-relative), or undefined when there are none. */
  async instructions(activePath: string | undefined): Promise<ContextItem | undefined> {
    if (!this.folder) return undefined;
    const sources = this.config.forResource(this.folder.uri).instructionSources;
    const candidates = instructionCandidates(await this.list(), activePath, sources);
    const files = await Promise.all(
      candidates.map(async (candidate): Promise<InstructionFile> => {
        const uri = this.uriOf(candidate.path);
        const excluded = exclusionOf(candidate.path, this.exclusions(uri));
        return { ...candidate, excluded, text: excluded === undefined ? await this.read(candidate.path) : undefined };
      }),
    );
    return instructionsItem(files, activePath);
  }

  /** The project's prompt files, as slash commands (excluded ones are not read, and not offered). */
  async prompts(): Promise<PromptFile[]> {
    if (!this.folder) return [];
    const paths = [...(await this.list())].filter((p) => p.startsWith('.github/prompts/') || p.startsWith('.parley/prompts/')).sort();
    const files = await Promise.all(
      paths.map(async (path) => {
        if (exclusionOf(path, this.exclusions(this.uriOf(path))) !== undefined) return undefined;
        const text = await this.read(path);
        return text === undefined ? undefined : promptFileFrom(path, text);
      }),
    );
    return files.filter((f): f is PromptFile => f !== undefined);
  }

  private list(): Promise<Set<string>> {
    if (!this.paths) {
      const folder = this.folder;
      this.paths = folder
        ? Promise.resolve(vscode.workspace.findFiles(new vscode.RelativePattern(folder, PROJECT_FILES_GLOB), '**/node_modules/**')).then(
            (uris) => new Set(uris.map((uri) => this.relative(uri))),
            (err: unknown) => {
              this.log.warn(`Could not look for the project's instruction files: ${String(err)}`);
              this.paths = undefined;
              return new Set<string>();
            },
          )
        : Promise.resolve(new Set());
    }
    return this.paths;
  }

  private read(path: string): Promise<string | undefined> {
    let text = this.texts.get(path);
    if (!text) {
      text = Promise.resolve(vscode.workspace.fs.readFile(this.uriOf(path))).then(
        (bytes) => new TextDecoder('utf-8').decode(bytes.subarray(0, MAX_FILE_BYTES)),
        (err: unknown) => {
          this.log.warn(`Could not read ${path}: ${String(err)}`);
          this.texts.delete(path);
          return undefined;
        },
      );
      this.texts.set(path, text);
    }
    return text;
  }

  private async update(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): Promise<void> {
    const path = this.relative(uri);
    if (path.startsWith('..') || path.startsWith('/') || /(^|\/)node_modules\//.test(path)) return;
    this.texts.delete(path);
    // A folder created or deleted (.clinerules/, .cursor/rules/) changes which files there are: search again.
    const paths = this.paths ? await this.paths : undefined;
    if (paths && kind === 'create') {
      const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      if (stat && stat.type & vscode.FileType.Directory) this.paths = undefined;
      else paths.add(path);
    } else if (paths && kind === 'delete') {
      if (!paths.delete(path)) this.paths = undefined;
      for (const known of paths) if (known.startsWith(`${path}/`)) this.paths = undefined;
    }
    this.changed.fire();
  }

  private uriOf(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder!.uri, ...path.split('/'));
  }

  private relative(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

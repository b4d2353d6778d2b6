// The shapes shared by the edit pipeline: what the parser finds in a model's answer, where the anchoring ladder
// places a SEARCH text, and what a planned edit of one file looks like. Plain data, no behaviour.

/** Where a block came from in the answer, to point at it in messages ("the second block for csv.ts"). */
export interface BlockSource {
  /** 0-based index of the fenced code block in the answer. */
  readonly codeBlock: number;
  /** 1-based line of the opening fence in the answer. */
  readonly line: number;
}

/**
 * Where the model says a SEARCH text is (Roo's `:start_line:`/`:end_line:`, a diff's `@@` numbers): 1-based lines
 * of the file as it was before the answer's edits. A hint breaks a tie between equal matches and narrows the fuzzy
 * window; it never places an edit by itself.
 */
export interface LineHint {
  readonly startLine: number;
  readonly endLine?: number;
}

/** One hunk of a unified diff as the model wrote it; its line numbers are hints, never trusted. */
export interface DiffHunk {
  /** The 1-based old start line from the `@@` header (0 when missing or unreadable). */
  readonly oldStart: number;
  /** The body lines, each starting with ' ', '-' or '+'. */
  readonly lines: readonly string[];
  /**
   * Lines that come before the hunk in the file, outermost first (a V4A patch's `@@ class Foo` / `@@ def bar`):
   * among several places the hunk matches, only those after each of these lines, in order, count.
   */
  readonly scope?: readonly string[];
  /** The hunk's last line is the file's last line (a V4A patch's `*** End of File`). */
  readonly atEndOfFile?: boolean;
}

export type EditBlock =
  /** `<<<<<<< SEARCH` / `=======` / `>>>>>>> REPLACE`; path undefined when the block names none. */
  | {
      readonly kind: 'searchReplace';
      readonly path: string | undefined;
      readonly search: string;
      readonly replace: string;
      readonly source: BlockSource;
      readonly hint?: LineHint;
    }
  /** A fenced block labelled with a path and no markers: the whole new text of that file (new file when it does not exist). */
  | { readonly kind: 'wholeFile'; readonly path: string; readonly text: string; readonly source: BlockSource }
  /** Explicitly a new file (labelled as new, or a SEARCH/REPLACE with an empty SEARCH). */
  | { readonly kind: 'newFile'; readonly path: string; readonly text: string; readonly source: BlockSource }
  | { readonly kind: 'unifiedDiff'; readonly path: string; readonly hunks: readonly DiffHunk[]; readonly source: BlockSource }
  /** Code with no path and no markers: it targets the active editor (the selection, or the region its first and last lines anchor to). */
  | { readonly kind: 'snippet'; readonly languageId: string | undefined; readonly text: string; readonly source: BlockSource }
  /**
   * Something that looks like an edit of some dialect but is not a well-formed one (a SEARCH with no REPLACE
   * marker, a divider missing, a patch that never says which file): refused with the reason, never applied.
   */
  | {
      readonly kind: 'malformed';
      readonly path: string | undefined;
      /** What is wrong, as a sentence: "The block for src/a.ts has no REPLACE marker; it was not applied." */
      readonly reason: string;
      /** The block's lines as the model wrote them. */
      readonly text: string;
      readonly source: BlockSource;
    };

/** The rungs of the anchoring ladder, tried in this order. */
export type AnchorLevel = 'exact' | 'normalized' | 'whitespace' | 'fuzzy';

/** The closest thing found to a SEARCH text that could not be anchored, to show the person and the model. */
export interface NearestCandidate {
  /** 1-based, inclusive lines of the file. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** 0..1 */
  readonly similarity: number;
}

/** How one block was placed: the rung of the ladder, and how like the file its text was (1 above the fuzzy rung). */
export interface BlockPlacement {
  readonly level: AnchorLevel;
  /** 0..1 */
  readonly similarity: number;
}

export type AnchorResult =
  /** [start, end) are offsets into the file text; the region to replace; `similarity` as in BlockPlacement. */
  | { readonly kind: 'found'; readonly start: number; readonly end: number; readonly level: AnchorLevel; readonly similarity: number }
  /** More than one place matches at the first rung that matched anything: refused rather than guessed. */
  | { readonly kind: 'ambiguous'; readonly level: AnchorLevel; readonly lines: readonly number[] }
  | { readonly kind: 'notFound'; readonly nearest: NearestCandidate | undefined };

/** Why a block was not turned into an edit, in a sentence a person can act on. */
export interface Refusal {
  readonly block: EditBlock;
  readonly path: string | undefined;
  readonly reason: string;
  readonly nearest?: NearestCandidate;
  /** The snippet has no place of its own: ask the person where it goes (at the cursor, or a new file). */
  readonly needsTarget?: boolean;
}

/** The planned new text of one file. */
export interface FileEdit {
  readonly path: string;
  /** The text the edit was planned against ('' for a new file). */
  readonly base: string;
  readonly proposed: string;
  readonly isNew: boolean;
  /** How each applied block (each hunk of a diff) was placed, in order; a fuzzy one with its score. */
  readonly placements: readonly BlockPlacement[];
}

export interface EditPlan {
  readonly files: readonly FileEdit[];
  readonly refused: readonly Refusal[];
}

// Reasoning models stream their thinking in one of three ways: a `reasoning_content` delta (DeepSeek, vLLM,
// llama.cpp), a `reasoning` delta (Ollama, OpenRouter, gpt-oss servers), or inline in the content between
// `<think>` and `</think>` (or `<thinking>` and `</thinking>`) when the server passes the raw text through. This
// splits one stream into the reasoning and the answer, whatever the chunking: a tag may arrive a letter at a time.

export interface StreamPiece {
  readonly kind: 'reasoning' | 'answer';
  readonly text: string;
}

const OPENERS = ['<think>', '<thinking>'] as const;
const CLOSERS: Record<(typeof OPENERS)[number], string> = { '<think>': '</think>', '<thinking>': '</thinking>' };

/**
 * Feed it content deltas with `content` and reasoning deltas with `reasoning`; it returns the pieces that are
 * certain so far. Text that could be the start of a tag is held back until the next chunk (or `end`) decides.
 */
export class ReasoningSplitter {
  /** The closing tag while inside inline reasoning; undefined in the answer. */
  private closer: string | undefined;
  private held = '';

  content(text: string): StreamPiece[] {
    const out: StreamPiece[] = [];
    let rest = this.held + text;
    this.held = '';
    while (rest !== '') {
      if (this.closer !== undefined) {
        const at = rest.indexOf(this.closer);
        if (at >= 0) {
          emit(out, 'reasoning', rest.slice(0, at));
          rest = rest.slice(at + this.closer.length);
          this.closer = undefined;
          continue;
        }
        const keep = partialSuffix(rest, [this.closer]);
        emit(out, 'reasoning', rest.slice(0, rest.length - keep));
        this.held = rest.slice(rest.length - keep);
        break;
      }
      const found = firstOpener(rest);
      if (found) {
        emit(out, 'answer', rest.slice(0, found.at));
        rest = rest.slice(found.at + found.tag.length);
        this.closer = CLOSERS[found.tag];
        continue;
      }
      const keep = partialSuffix(rest, OPENERS);
      emit(out, 'answer', rest.slice(0, rest.length - keep));
      this.held = rest.slice(rest.length - keep);
      break;
    }
    return out;
  }

  /** A `reasoning_content` or `reasoning` delta: reasoning by definition. */
  reasoning(text: string): StreamPiece[] {
    return text === '' ? [] : [{ kind: 'reasoning', text }];
  }

  /** The stream ended: what was held back is what it seemed to be (an unclosed `<think>` stays reasoning). */
  end(): StreamPiece[] {
    const out: StreamPiece[] = [];
    emit(out, this.closer === undefined ? 'answer' : 'reasoning', this.held);
    this.held = '';
    return out;
  }

  /** True while the stream is inside an unclosed inline tag. */
  get inReasoning(): boolean {
    return this.closer !== undefined;
  }
}

/** Splits a whole text at once (an answer saved before this existed, a non-streamed reply). */
export function splitReasoning(text: string): { readonly reasoning: string; readonly answer: string } {
  const splitter = new ReasoningSplitter();
  const pieces = [...splitter.content(text), ...splitter.end()];
  const join = (kind: StreamPiece['kind']) => pieces.filter((p) => p.kind === kind).map((p) => p.text).join('');
  return { reasoning: join('reasoning'), answer: join('answer') };
}

function emit(out: StreamPiece[], kind: StreamPiece['kind'], text: string): void {
  if (text === '') return;
  const last = out.at(-1);
  if (last?.kind === kind) out[out.length - 1] = { kind, text: last.text + text };
  else out.push({ kind, text });
}

function firstOpener(text: string): { readonly at: number; readonly tag: (typeof OPENERS)[number] } | undefined {
  let best: { at: number; tag: (typeof OPENERS)[number] } | undefined;
  for (const tag of OPENERS) {
    const at = text.indexOf(tag);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, tag };
  }
  return best;
}

/** How many characters at the end of `text` could begin one of `tags` (so must wait for the next chunk). */
function partialSuffix(text: string, tags: readonly string[]): number {
  const at = text.lastIndexOf('<');
  if (at < 0) return 0;
  const tail = text.slice(at);
  return tags.some((tag) => tag.length > tail.length && tag.startsWith(tail)) ? tail.length : 0;
}

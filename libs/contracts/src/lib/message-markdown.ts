// The small markdown subset that messages may use: paragraphs, lists, emphasis, strong emphasis,
// http(s) links and @mentions. Parsed into a tree that a client renders as text nodes, so no
// markup from a message can ever run; anything outside the subset stays literal text.

export type MessageInline =
  | { type: 'text'; text: string }
  | { type: 'em'; text: string }
  | { type: 'strong'; text: string }
  | { type: 'link'; href: string; text: string }
  | { type: 'mention'; label: string };

export type MessageBlock = { type: 'paragraph'; lines: MessageInline[][] } | { type: 'list'; ordered: boolean; items: MessageInline[][] };

const LIST_ITEM = /^\s*(?:([-*])|(\d{1,3})[.)])\s+(.*)$/;
// One alternation, tried left to right: [text](url), bare url, **strong**, *em* or _em_.
const INLINE =
  /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,2000})\)|(https?:\/\/[^\s<>()]{1,2000}[^\s<>().,;:!?'"])|\*\*([^*\n]{1,500})\*\*|\*([^*\n]{1,500})\*|(?<!\w)_([^_\n]{1,500})_(?!\w)/g;

/** Only http and https links become links; the rest is text. */
export function isSafeHref(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function parseMessage(body: string, mentionLabels: readonly string[] = []): MessageBlock[] {
  const blocks: MessageBlock[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (!lines.length) {
      continue;
    }
    const listMatches = lines.map((line) => LIST_ITEM.exec(line));
    if (listMatches.every((m) => m !== null)) {
      blocks.push({
        type: 'list',
        ordered: listMatches[0]?.[2] !== undefined,
        items: listMatches.map((m) => parseInline(m?.[3] ?? '', mentionLabels)),
      });
    } else {
      blocks.push({ type: 'paragraph', lines: lines.map((line) => parseInline(line, mentionLabels)) });
    }
  }
  return blocks;
}

export function parseInline(text: string, mentionLabels: readonly string[] = []): MessageInline[] {
  const out: MessageInline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    pushText(out, text.slice(last, index), mentionLabels);
    const [whole, linkText, linkHref, bare, strong, em1, em2] = match;
    if (linkText !== undefined && linkHref !== undefined) {
      out.push(isSafeHref(linkHref) ? { type: 'link', href: linkHref, text: linkText } : { type: 'text', text: whole });
    } else if (bare !== undefined) {
      out.push(isSafeHref(bare) ? { type: 'link', href: bare, text: bare } : { type: 'text', text: bare });
    } else if (strong !== undefined) {
      out.push({ type: 'strong', text: strong });
    } else {
      out.push({ type: 'em', text: em1 ?? em2 ?? '' });
    }
    last = index + whole.length;
  }
  pushText(out, text.slice(last), mentionLabels);
  return out;
}

/** Plain text, with `@label` of a known mention split out (longest label first). */
function pushText(out: MessageInline[], text: string, labels: readonly string[]): void {
  if (!text) {
    return;
  }
  const sorted = [...labels].filter(Boolean).sort((a, b) => b.length - a.length);
  let rest = text;
  while (rest) {
    let found: { at: number; label: string } | null = null;
    for (const label of sorted) {
      const at = rest.indexOf(`@${label}`);
      if (at >= 0 && (found === null || at < found.at)) {
        found = { at, label };
      }
    }
    if (!found) {
      appendText(out, rest);
      return;
    }
    appendText(out, rest.slice(0, found.at));
    out.push({ type: 'mention', label: found.label });
    rest = rest.slice(found.at + found.label.length + 1);
  }
}

function appendText(out: MessageInline[], text: string): void {
  if (!text) {
    return;
  }
  const previous = out[out.length - 1];
  if (previous?.type === 'text') {
    previous.text += text;
  } else {
    out.push({ type: 'text', text });
  }
}

/** The plain text of a message, markup removed: for excerpts and notifications. */
export function messageExcerpt(body: string, max = 140): string {
  const text = parseMessage(body)
    .flatMap((block) => (block.type === 'paragraph' ? block.lines : block.items))
    .map((inlines) => inlines.map((i) => (i.type === 'mention' ? `@${i.label}` : i.text)).join(''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

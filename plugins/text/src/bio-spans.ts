/** A labelled span of tokens `[start, end)`. */
export interface TagSpan {
  type: string;
  start: number;
  end: number;
}

/**
 * The spans a BIO tag sequence marks, read as conlleval reads them: `B-x`
 * starts a span of type x, `I-x` continues a span of type x and starts one
 * when it follows `O` or another type, anything else ends the open span.
 */
export function bioSpans(tags: readonly string[]): TagSpan[] {
  const spans: TagSpan[] = [];
  let open: TagSpan | undefined;
  tags.forEach((tag, i) => {
    const match = /^([BI])-(.+)$/.exec(tag);
    const continues = match?.[1] === 'I' && open?.type === match[2];
    if (open && !continues) {
      open.end = i;
      spans.push(open);
      open = undefined;
    }
    if (match && !continues) open = { type: match[2], start: i, end: i + 1 };
  });
  if (open) {
    open.end = tags.length;
    spans.push(open);
  }
  return spans;
}

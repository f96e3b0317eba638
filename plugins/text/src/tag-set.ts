import { SelectiveKdError } from '@selective-kd/core';

/**
 * The tags a tagger predicts, in class-index order: tag ↔ class id. A tag set
 * whose tags are all `O`, `B-x` or `I-x` (with some `B-`) is a BIO set, for
 * which the metrics add span F1.
 */
export class TagSet {
  readonly tags: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(tags: readonly string[]) {
    if (tags.length === 0) throw new SelectiveKdError('INVALID_OPTION', 'a tag set needs at least one tag');
    const seen = new Set<string>();
    for (const tag of tags) {
      if (typeof tag !== 'string' || tag === '') throw new SelectiveKdError('INVALID_OPTION', `tags must be non-empty strings; got ${JSON.stringify(tag)}`);
      if (seen.has(tag)) throw new SelectiveKdError('INVALID_OPTION', `tag '${tag}' appears twice in the tag set`);
      seen.add(tag);
    }
    this.tags = [...tags];
    this.ids = new Map(tags.map((tag, id) => [tag, id]));
  }

  get size(): number {
    return this.tags.length;
  }

  get isBio(): boolean {
    return this.tags.every((t) => t === 'O' || /^[BI]-./.test(t)) && this.tags.some((t) => t.startsWith('B-'));
  }

  has(tag: string): boolean {
    return this.ids.has(tag);
  }

  /** Class ids of `tags`; a tag outside the set is an error naming it, its position and the set. */
  encode(tags: readonly string[]): number[] {
    return tags.map((tag, position) => {
      const id = this.ids.get(tag);
      if (id === undefined) {
        throw new SelectiveKdError(
          'LABEL_OUT_OF_RANGE',
          `tag '${tag}' (position ${position}) is not in the tag set [${this.tags.join(', ')}]`,
        );
      }
      return id;
    });
  }

  decode(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      const tag = this.tags[id];
      if (tag === undefined) {
        throw new SelectiveKdError('LABEL_OUT_OF_RANGE', `class id ${id} is outside the tag set's [0, ${this.size})`);
      }
      return tag;
    });
  }

  toJSON(): { tags: string[] } {
    return { tags: [...this.tags] };
  }

  static fromJSON(json: unknown): TagSet {
    const tags = (json as { tags?: unknown } | null)?.tags;
    if (!Array.isArray(tags)) throw new SelectiveKdError('INVALID_INPUT', 'a tag set JSON is { "tags": [...] }');
    return new TagSet(tags as string[]);
  }
}

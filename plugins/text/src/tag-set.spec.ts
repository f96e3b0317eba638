import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { TagSet } from './tag-set.js';

describe('TagSet', () => {
  it('encodes and decodes tags in class-index order', () => {
    const tags = new TagSet(['NOUN', 'VERB', '.']);
    expect(tags.encode(['VERB', '.', 'NOUN'])).toEqual([1, 2, 0]);
    expect(tags.decode([2, 0])).toEqual(['.', 'NOUN']);
    expect(TagSet.fromJSON(JSON.parse(JSON.stringify(tags))).tags).toEqual(['NOUN', 'VERB', '.']);
  });

  it('refuses a tag not in the set, naming it, its position and the set', () => {
    const tags = new TagSet(['NOUN', 'VERB']);
    expectSelectiveKdError(() => tags.encode(['NOUN', 'ADJ']), 'LABEL_OUT_OF_RANGE', "tag 'ADJ' (position 1)", '[NOUN, VERB]');
    expectSelectiveKdError(() => tags.decode([2]), 'LABEL_OUT_OF_RANGE', 'class id 2');
    expectSelectiveKdError(() => new TagSet(['A', 'A']), 'INVALID_OPTION', "tag 'A' appears twice");
    expectSelectiveKdError(() => new TagSet([]), 'INVALID_OPTION', 'at least one tag');
  });

  it('recognises BIO tag sets', () => {
    expect(new TagSet(['O', 'B-PER', 'I-PER']).isBio).toBe(true);
    expect(new TagSet(['O', 'I-PER']).isBio).toBe(false);
    expect(new TagSet(['NOUN', 'VERB']).isBio).toBe(false);
  });
});

import { SelectiveKdError } from '@selective-kd/core';
import { padTokenBatch, splitIntoWindows, TagSet, tokenize, type TextToken } from '@selective-kd/text';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenFeatures, type FeatureStamp } from './token-features.js';

/** A trained tagger with what it needs to read raw text. */
export interface SavedTagger {
  model: tfl.LayersModel;
  features: TokenFeatures;
  tagSet: TagSet;
}

/** One tagged token of raw text. */
export interface TaggedToken {
  token: TextToken;
  tag: string;
}

/** Saves the model with its features' stamp in its metadata, the vocabularies and the tag set into `dir`. */
export async function saveTagger({ model, features, tagSet }: SavedTagger, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  model.setUserDefinedMetadata({ ...features.stamp });
  await model.save(`file://${dir}`);
  features.save(dir);
  writeFileSync(join(dir, 'tags.json'), `${JSON.stringify(tagSet)}\n`);
}

/** Loads what `saveTagger` wrote, refusing a model whose vocabulary is not the one beside it. */
export async function loadTagger(dir: string): Promise<SavedTagger> {
  if (!existsSync(join(dir, 'model.json'))) {
    throw new SelectiveKdError(
      'INVALID_MODEL',
      `no saved tagger in ${dir}: no run has saved a student yet; run \`npm run quick -w examples/text-pos-tagging\` first`,
    );
  }
  const model = await tfl.loadLayersModel(`file://${join(dir, 'model.json')}`);
  const features = TokenFeatures.load(dir);
  const inputDim = (model.layers.find((l) => l.getClassName() === 'Embedding')?.getConfig().inputDim as number | undefined) ?? -1;
  features.assertMatches(model.getUserDefinedMetadata() as FeatureStamp | undefined, inputDim, join(dir, 'model.json'));
  return { model, features, tagSet: TagSet.fromJSON(JSON.parse(readFileSync(join(dir, 'tags.json'), 'utf8'))) };
}

/**
 * Tags raw text: tokenises it (keeping character spans), splits long texts
 * into windows of the model's row length, and reads the argmax tag per token.
 */
export function tagText({ model, features, tagSet }: SavedTagger, text: string): TaggedToken[] {
  const tokens = tokenize(text);
  const length = model.inputs[0].shape[1] as number;
  const windows = splitIntoWindows(tokens, length);
  const batch = padTokenBatch(
    windows.map((w) => ({ inputs: features.encode(w.items.map((t) => t.text)) })),
    { length, featuresPerToken: TokenFeatures.PER_TOKEN },
  );
  try {
    const ids = tf.tidy(() => tf.argMax(model.predict(batch.inputs) as tf.Tensor, -1).arraySync() as number[][]);
    return windows.flatMap((w, row) => w.items.map((token, i) => ({ token, tag: tagSet.decode([ids[row][i]])[0] })));
  } finally {
    tf.dispose(Object.values(batch));
  }
}

import { noteFrameExcerpts, scaleClip, type FeatureScaling, type NoteFrameClip, type NoteFrameExcerpt } from '@selective-kd/audio';
import { renderedClips, type FeatureConfig, type MidiPiece, type Renderer } from './rendered-clips.js';

/** Pieces as standardised clips and as the excerpts the models read. */
export interface PieceExcerpts {
  clips: NoteFrameClip[];
  excerpts: NoteFrameExcerpt[];
  /** Valid frames over all excerpts. */
  frames: number;
}

export interface PieceExcerptOptions {
  render: Renderer;
  /** The SoundFont's renderings folder. */
  cacheDir: string;
  scaling: FeatureScaling;
  /** Frames per excerpt and context frames on each side. */
  excerptFrames: number;
  context: number;
  /** Only each piece's first `seconds`; undefined: whole pieces. */
  seconds?: number;
}

/** Renders (or reads from the cache) `pieces`, standardises their features and cuts them into excerpts. */
export async function pieceExcerpts(pieces: readonly MidiPiece[], config: FeatureConfig, options: PieceExcerptOptions): Promise<PieceExcerpts> {
  const raw = await renderedClips(pieces, config, options.render, options.cacheDir, options.seconds);
  const clips = raw.map((c) => scaleClip(c, options.scaling));
  const excerpts = clips.flatMap((c) => noteFrameExcerpts(c, { frames: options.excerptFrames, context: options.context }));
  return { clips, excerpts, frames: excerpts.reduce((sum, e) => sum + e.valid.reduce((a, b) => a + b, 0), 0) };
}

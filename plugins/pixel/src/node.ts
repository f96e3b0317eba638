// The Node-only part of the pixel plugin: reading image and label folders from
// disk. `@selective-kd/pixel/node`; the main entry in Node includes it.
export { readSegmentationFolder, type ReadSegmentationFolderOptions } from './read-segmentation-folder.js';

export { DOWNLOAD_RETRY, DownloadError, download, tempPathFor } from './download';
export type { DownloadErrorCode, DownloadOptions, DownloadResult } from './download';
export { EXPIRED_MESSAGE } from './download-error';
export { makeDirs, makeDirsInside, makeDirsSync } from './dirs';
export { decodeDataUrl, isDataUrl } from './inline';
export { checkOutputDir, checkOutputPath, pathLimit } from './output-dir';
export {
  DEFAULT_TEMPLATE,
  NamingError,
  TEMPLATE_VARS,
  checkTemplate,
  planOutputPath,
  renderTemplate,
  resolveInside,
  safeSegment,
} from './naming';
export type { NamingErrorCode, NamingVars, PlannedPath, TemplateVar } from './naming';
export { embedPngTextFile, genloomPngText, insertPngText, isPng, readPngText } from './png-text';
export type { PngText } from './png-text';
export { guessExt, saveOutput } from './save-output';
export type { SaveOutputOptions, SavedOutput } from './save-output';
export { SIDECAR_VERSION, sidecarJson, sidecarPathFor, writeSidecar } from './sidecar';
export type { SidecarData } from './sidecar';

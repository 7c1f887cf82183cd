// sse-etl UI components: import from here, or each module on its own. Needs "vue" in the page's import map.
export { default as SseProgressBar } from './SseProgressBar.js';
export { default as AttachmentLinkUpload } from './AttachmentLinkUpload.js';
export { default as EtlImportModal } from './EtlImportModal.js';
export { messages, resolveLocale, translate } from './i18n.js';
export { csrfHeaders, sameOrigin } from './csrf.js';

import SseProgressBar from './SseProgressBar.js';
import AttachmentLinkUpload from './AttachmentLinkUpload.js';
import EtlImportModal from './EtlImportModal.js';

/** Vue plugin: `app.use(SseEtl)` registers the three components globally. */
export default {
  install(app) {
    app.component('SseProgressBar', SseProgressBar);
    app.component('AttachmentLinkUpload', AttachmentLinkUpload);
    app.component('EtlImportModal', EtlImportModal);
  }
};

// EtlImportModal: the whole import in one dialog: Upload -> Buffering -> Preview -> Committing -> Done.
// Props schemaName, baseUrl (and optional locale, pageSize); methods show(), hide(); events shown, hidden.
import { nextTick } from 'vue';
import { i18nMixin } from './i18n.js';
import * as http from './api.js';
import SseProgressBar from './SseProgressBar.js';
import AttachmentLinkUpload from './AttachmentLinkUpload.js';

const STAGES = ['upload', 'buffering', 'preview', 'committing', 'done'];
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([tabindex="-1"]), select:not([disabled]), '
  + 'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
let nextId = 0;

export default {
  name: 'EtlImportModal',
  components: { SseProgressBar, AttachmentLinkUpload },
  mixins: [i18nMixin],
  props: {
    schemaName: { type: String, default: '' },
    baseUrl: { type: String, default: '' },
    pageSize: { type: Number, default: 25 },
    acceptedFiles: { type: String, default: '.csv,.xlsx' }
  },
  emits: ['shown', 'hidden'],
  data() {
    return {
      uid: 'etl-modal-' + (++nextId),
      open: false,
      stage: 'upload',
      importId: '',
      notice: '',
      preview: null,
      previewError: '',
      loading: false,
      filter: 'all',
      page: 1,
      committing: false,
      commitError: '',
      cancelling: false,
      result: null,
      uploaderKey: 0,
      commitMode: 'valid_rows',
      schemaInfo: null
    };
  },
  computed: {
    api() { return String(this.baseUrl).replace(/\/+$/, ''); },
    stages() { return STAGES; },
    stageIndex() { return STAGES.indexOf(this.stage); },
    summary() { return this.preview?.summary || { total: 0, valid: 0, invalid: 0 }; },
    columns() { return this.preview?.columns || []; },
    rows() { return this.preview?.rows || []; },
    columnKeys() { return new Set(this.columns.map((c) => c.key)); },
    matching() {
      if (this.filter === 'invalid') return Number(this.summary.invalid);
      if (this.filter === 'valid') return Number(this.summary.valid);
      return Number(this.summary.total);
    },
    pages() { return Math.max(1, Math.ceil(this.matching / this.pageSize)); },
    canCancel() {
      return (this.stage === 'buffering' || this.stage === 'preview' || this.stage === 'committing')
        && !!this.importId && !this.cancelling && !(this.stage === 'committing' && this.commitError);
    }
  },
  template: `
    <teleport to="body">
      <div v-if="open" class="etl-modal-backdrop">
        <div ref="dialog" class="etl-modal" role="dialog" aria-modal="true" :aria-labelledby="uid + '-title'"
             tabindex="-1" :data-stage="stage" :data-import-id="importId || null" :lang="lang" @keydown="onKeydown">
          <header class="etl-modal__header">
            <h2 class="etl-modal__title" :id="uid + '-title'">{{ t('modal.title', { schema: schemaName }) }}</h2>
            <button type="button" class="etl-modal__close" :aria-label="t('modal.close')" :title="t('modal.close')"
                    @click="hide()">&times;</button>
          </header>
          <ol class="etl-steps" :aria-label="t('modal.stages')">
            <li v-for="(s, i) in stages" :key="s" class="etl-steps__item"
                :class="{ 'etl-steps__item--current': s === stage, 'etl-steps__item--done': i < stageIndex }"
                :aria-current="s === stage ? 'step' : null">
              <span class="etl-steps__number" aria-hidden="true">{{ i + 1 }}</span>
              <span class="etl-steps__label">{{ t('stage.' + s) }}</span>
            </li>
          </ol>

          <div class="etl-modal__body">
            <section v-show="stage === 'upload' || stage === 'buffering'" class="etl-stage etl-stage--upload">
              <template v-if="stage === 'upload'">
                <p class="etl-modal__intro">{{ t('modal.intro') }}</p>
                <p class="etl-templates">
                  <span>{{ t('modal.template') }}</span>
                  <a class="etl-button etl-button--small etl-template-xlsx" :href="templateUrl('xlsx')" download>{{ t('modal.templateXlsx') }}</a>
                  <a class="etl-button etl-button--small etl-template-csv" :href="templateUrl('csv')" download>{{ t('modal.templateCsv') }}</a>
                </p>
                <details v-if="schemaInfo && schemaInfo.columns" class="etl-columns">
                  <summary>{{ t('modal.columns', { count: schemaInfo.columns.length, required: schemaInfo.columns.filter((c) => c.required).length }) }}</summary>
                  <ul class="etl-columns__list">
                    <li v-for="c in schemaInfo.columns" :key="c.key">
                      <strong>{{ c.label || c.key }}</strong><span v-if="c.required" class="etl-required" :title="t('modal.required')">*</span>
                      <span class="etl-columns__type">{{ c.values && c.values.length ? t('modal.oneOf', { values: c.values.join(', ') }) : c.type }}</span>
                      <span v-if="c.description" class="etl-columns__description">{{ c.description }}</span>
                    </li>
                  </ul>
                </details>
                <p v-if="notice" class="etl-alert etl-alert--info etl-modal__notice" role="status">{{ notice }}</p>
              </template>
              <attachment-link-upload ref="uploader" :key="uploaderKey" :uploadurl="api + '/upload'"
                  :extra-data="{ schema_name: schemaName }" :use-sse="true" :sse-progress-url="api + '/buffer-progress'"
                  :sse-title="t('modal.bufferTitle')" :accepted-files="acceptedFiles" :locale="locale"
                  @uploaded="onUploaded" @complete="onBuffered" @error="onUploadError"></attachment-link-upload>
            </section>

            <section v-if="stage === 'preview'" class="etl-stage etl-stage--preview">
              <dl class="etl-summary" :aria-label="t('modal.summary')">
                <div class="etl-summary__item"><dt>{{ t('modal.total') }}</dt><dd class="etl-summary-total">{{ formatNumber(summary.total) }}</dd></div>
                <div class="etl-summary__item etl-summary__item--valid"><dt>{{ t('modal.valid') }}</dt><dd class="etl-summary-valid">{{ formatNumber(summary.valid) }}</dd></div>
                <div class="etl-summary__item etl-summary__item--invalid"><dt>{{ t('modal.invalid') }}</dt><dd class="etl-summary-invalid">{{ formatNumber(summary.invalid) }}</dd></div>
              </dl>
              <div class="etl-toolbar">
                <div class="etl-filter" role="group" :aria-label="t('modal.filter')">
                  <button v-for="f in ['all', 'invalid', 'valid']" :key="f" type="button"
                          class="etl-button etl-button--small etl-filter__option" :class="'etl-filter-' + f"
                          :aria-pressed="filter === f ? 'true' : 'false'" @click="setFilter(f)">
                    {{ t(f === 'all' ? 'modal.filterAll' : f === 'invalid' ? 'modal.filterInvalid' : 'modal.filterValid') }}
                  </button>
                </div>
                <p v-if="summary.invalid > 0" class="etl-error-report">
                  <span>{{ t('modal.errorReport') }}</span>
                  <a class="etl-link etl-errors-csv" :href="errorsUrl('csv')" download>CSV</a>
                  <a class="etl-link etl-errors-xlsx" :href="errorsUrl('xlsx')" download>XLSX</a>
                </p>
              </div>
              <p v-if="previewError" class="etl-alert etl-alert--error" role="alert">{{ previewError }}</p>
              <div class="etl-table-scroll" tabindex="0" :aria-busy="loading ? 'true' : 'false'">
                <table class="etl-table">
                  <thead>
                    <tr>
                      <th scope="col" class="etl-table__rownum">{{ t('modal.row') }}</th>
                      <th v-for="c in columns" :key="c.key" scope="col" :data-key="c.key">
                        {{ c.label || c.key }}<span v-if="c.required" class="etl-required" aria-hidden="true">*</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr v-for="r in rows" :key="r.row" :class="{ 'etl-row--invalid': !r.valid }" :data-row="r.row">
                      <th scope="row" class="etl-table__rownum">
                        {{ r.row }}
                        <span v-for="(e, i) in rowErrors(r)" :key="i" class="etl-cell__error" :title="e.message">{{ e.message }}</span>
                      </th>
                      <td v-for="c in columns" :key="c.key" :data-key="c.key"
                          :class="{ 'etl-cell--invalid': cellErrors(r, c.key).length > 0 }"
                          :aria-invalid="cellErrors(r, c.key).length > 0 ? 'true' : null"
                          :title="cellErrors(r, c.key).map((e) => e.message).join('\\n') || null">
                        <span class="etl-cell__value">{{ display(r.values ? r.values[c.key] : null) }}</span>
                        <span v-for="(e, i) in cellErrors(r, c.key)" :key="i" class="etl-cell__error">{{ e.message }}</span>
                      </td>
                    </tr>
                    <tr v-if="!loading && rows.length === 0">
                      <td :colspan="columns.length + 1" class="etl-table__empty">{{ t('modal.noRows') }}</td>
                    </tr>
                  </tbody>
                </table>
              </div>
              <nav class="etl-pager" aria-label="pagination">
                <button type="button" class="etl-button etl-button--small etl-pager__prev" :disabled="page <= 1 || loading"
                        @click="goTo(page - 1)">{{ t('modal.prev') }}</button>
                <span class="etl-pager__status" aria-live="polite">{{ loading ? t('modal.loading') : t('modal.page', { page, pages }) }}</span>
                <button type="button" class="etl-button etl-button--small etl-pager__next" :disabled="page >= pages || loading"
                        @click="goTo(page + 1)">{{ t('modal.next') }}</button>
              </nav>
              <p v-if="summary.valid === 0" class="etl-alert etl-alert--warning">{{ t(summary.total === 0 ? 'modal.noDataRows' : 'modal.commitNothing') }}</p>
              <p v-else-if="summary.invalid > 0" class="etl-modal__hint">{{ t('modal.invalidNote') }}</p>
              <fieldset v-if="summary.valid > 0" class="etl-commit-mode">
                <legend>{{ t('modal.commitMode') }}</legend>
                <label v-for="m in ['valid_rows', 'all_or_nothing']" :key="m" class="etl-commit-mode__option">
                  <input type="radio" :name="uid + '-mode'" :value="m" v-model="commitMode" :class="'etl-commit-mode-' + m">
                  {{ t(m === 'valid_rows' ? 'modal.modeValidRows' : 'modal.modeAllOrNothing') }}
                </label>
              </fieldset>
              <p v-if="commitError" class="etl-alert etl-alert--error" role="alert">{{ commitError }}</p>
            </section>

            <section v-if="stage === 'committing'" class="etl-stage etl-stage--committing">
              <sse-progress-bar ref="commitProgress" :title="t('modal.commitTitle')" :base-url="api + '/commit-progress'"
                                :process-id="importId" :locale="locale" @complete="onCommitted" @error="onCommitFailed"></sse-progress-bar>
            </section>

            <section v-if="stage === 'done'" class="etl-stage etl-stage--done">
              <h3 class="etl-done__title">{{ t('modal.doneTitle') }}</h3>
              <dl class="etl-summary">
                <div class="etl-summary__item etl-summary__item--valid"><dt>{{ t('modal.inserted') }}</dt><dd class="etl-result-inserted">{{ formatNumber(result?.inserted) }}</dd></div>
                <div class="etl-summary__item"><dt>{{ t('modal.updated') }}</dt><dd class="etl-result-updated">{{ formatNumber(result?.updated) }}</dd></div>
                <div class="etl-summary__item etl-summary__item--invalid"><dt>{{ t('modal.skipped') }}</dt><dd class="etl-result-skipped">{{ formatNumber(result?.skipped) }}</dd></div>
                <div v-if="result && result.failed > 0" class="etl-summary__item etl-summary__item--invalid"><dt>{{ t('modal.failedRows') }}</dt><dd class="etl-result-failed">{{ formatNumber(result.failed) }}</dd></div>
              </dl>
              <p v-if="result && result.message" class="etl-alert etl-alert--warning">{{ result.message }}</p>
            </section>
          </div>

          <footer class="etl-modal__footer">
            <button v-if="canCancel" type="button" class="etl-button etl-modal__cancel" @click="cancel()">{{ t('modal.cancel') }}</button>
            <button v-if="stage === 'preview'" type="button" class="etl-button etl-button--primary etl-modal__commit"
                    :disabled="summary.valid === 0 || committing" @click="commit()">{{ t('modal.commit', { count: formatNumber(summary.valid) }) }}</button>
            <button v-if="stage === 'done' || stage === 'upload' || (stage === 'committing' && commitError)" type="button"
                    class="etl-button etl-modal__done" :class="{ 'etl-button--primary': stage === 'done' }"
                    @click="hide()">{{ t('modal.close') }}</button>
          </footer>
        </div>
      </div>
    </teleport>`,
  methods: {
    templateUrl(format) {
      return `${this.api}/template/${encodeURIComponent(this.schemaName)}?format=${format}`;
    },
    errorsUrl(format) {
      return `${this.api}/errors/${encodeURIComponent(this.importId)}?format=${format}`;
    },
    /** Opens the modal at the Upload stage; emits `shown` once it is on screen. */
    async show() {
      if (this.open) return;
      this.reset();
      this.returnFocus = document.activeElement;
      this.open = true;
      document.body.classList.add('etl-modal-open');
      await nextTick();
      this.focusFirst();
      this.$emit('shown');
      this.loadSchema();
    },
    /** Fetches the schema's columns (GET schemas) so the Upload stage can say what the file needs. */
    async loadSchema() {
      if (this.schemaInfo && this.schemaInfo.name === this.schemaName) return;
      try {
        const response = await http.schemas(this.api);
        if (!response.ok) return;
        const body = await response.json();
        const list = Array.isArray(body) ? body : body.schemas || [];
        this.schemaInfo = list.find((schema) => schema.name === this.schemaName) || null;
      } catch { /* the list is a help, not a need */ }
    },
    /** Closes the modal (discarding an import that was not committed); emits `hidden` once it is gone. */
    async hide() {
      if (!this.open) return;
      if (this.importId && (this.stage === 'buffering' || this.stage === 'preview')) {
        this.discard(this.importId);
      }
      this.$refs.commitProgress?.stop();
      this.$refs.uploader?.reset();
      this.open = false;
      document.body.classList.remove('etl-modal-open');
      await nextTick();
      if (this.returnFocus && typeof this.returnFocus.focus === 'function') this.returnFocus.focus();
      this.returnFocus = null;
      this.$emit('hidden');
    },
    reset() {
      this.stage = 'upload';
      this.importId = '';
      this.notice = '';
      this.preview = null;
      this.previewError = '';
      this.filter = 'all';
      this.page = 1;
      this.committing = false;
      this.commitError = '';
      this.cancelling = false;
      this.result = null;
      this.commitMode = 'valid_rows';
      this.uploaderKey++;
    },
    onUploaded({ importId }) {
      this.importId = importId;
      this.notice = '';
      this.stage = 'buffering';
    },
    onBuffered({ importId }) {
      this.importId = importId;
      this.stage = 'preview';
      this.loadPreview();
    },
    onUploadError() {
      // the uploader shows the message and offers its picker again
      this.importId = '';
      this.stage = 'upload';
    },
    async loadPreview() {
      this.loading = true;
      this.previewError = '';
      try {
        const response = await http.preview(this.api, this.importId,
          { page: this.page, size: this.pageSize, filter: this.filter });
        if (!response.ok) {
          this.previewError = await this.messageOf(response);
          return;
        }
        this.preview = await response.json();
      } catch (e) {
        this.previewError = this.t('upload.network');
      } finally {
        this.loading = false;
        await nextTick();
        this.keepFocusInside();
      }
    },
    setFilter(filter) {
      if (this.filter === filter) return;
      this.filter = filter;
      this.page = 1;
      this.loadPreview();
    },
    goTo(page) {
      this.page = Math.max(1, Math.min(this.pages, page));
      this.loadPreview();
    },
    cellErrors(row, key) {
      return (row.errors || []).filter((e) => e.column === key);
    },
    rowErrors(row) {
      return (row.errors || []).filter((e) => !e.column || !this.columnKeys.has(e.column));
    },
    display(value) {
      if (value === null || value === undefined) return '';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    },
    async commit() {
      this.committing = true;
      this.commitError = '';
      try {
        const response = await http.commit(this.api, this.importId, { mode: this.commitMode });
        if (!response.ok) {
          this.commitError = await this.messageOf(response);
          return;
        }
        this.stage = 'committing';
        await nextTick();
        this.$refs.commitProgress.start();
        this.keepFocusInside();
      } catch (e) {
        this.commitError = this.t('upload.network');
      } finally {
        this.committing = false;
      }
    },
    async onCommitted(snapshot) {
      let result = snapshot && snapshot.result;
      if (!result) {
        try {
          const response = await http.status(this.api, this.importId);
          const status = response.ok ? await response.json() : null;
          result = status?.commit?.result || status?.result || null;
        } catch { /* the counts stay unknown */ }
      }
      this.result = result || { inserted: snapshot?.valid ?? 0, updated: 0, skipped: snapshot?.invalid ?? 0, failed: 0 };
      this.stage = 'done';
      await nextTick();
      this.focusFirst();
    },
    onCommitFailed(message) {
      this.commitError = this.t('modal.commitFailed', { message });
      nextTick(() => this.keepFocusInside());
    },
    /** Cancels the running import on the server (DELETE imports/{id}). */
    async cancel() {
      const id = this.importId;
      if (!id) return;
      this.cancelling = true;
      if (this.stage === 'committing') {
        await this.discard(id);       // the commit stream reports how far it got, then Cancelled
        return;
      }
      this.$refs.uploader?.reset();
      await this.discard(id);
      this.reset();
      this.notice = this.t('modal.cancelled');
      await nextTick();
      this.focusFirst();
    },
    discard(id) {
      return http.discard(this.api, id);
    },
    async messageOf(response) {
      try {
        const body = await response.json();
        if (body?.error?.message) return body.error.message;
      } catch { /* not JSON */ }
      return this.t('modal.requestFailed', { status: response.status });
    },
    focusables() {
      const dialog = this.$refs.dialog;
      if (!dialog) return [];
      return Array.from(dialog.querySelectorAll(FOCUSABLE))
        .filter((el) => el.offsetParent !== null || el === document.activeElement);
    },
    focusFirst() {
      const dialog = this.$refs.dialog;
      if (!dialog) return;
      const body = dialog.querySelector('.etl-modal__body');
      const inBody = this.focusables().find((el) => body && body.contains(el));
      (inBody || dialog).focus();
    },
    keepFocusInside() {
      const dialog = this.$refs.dialog;
      if (dialog && !dialog.contains(document.activeElement)) this.focusFirst();
    },
    onKeydown(event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.hide();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = this.focusables();
      if (items.length === 0) {
        event.preventDefault();
        this.$refs.dialog.focus();
        return;
      }
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && (active === first || active === this.$refs.dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  },
  mounted() {
    // focus that leaves the open dialog (a click on the backdrop, a removed button) is brought back
    this.onFocusIn = (event) => {
      if (this.open && this.$refs.dialog && !this.$refs.dialog.contains(event.target)) this.focusFirst();
    };
    document.addEventListener('focusin', this.onFocusIn);
  },
  beforeUnmount() {
    document.removeEventListener('focusin', this.onFocusIn);
    document.body.classList.remove('etl-modal-open');
  }
};

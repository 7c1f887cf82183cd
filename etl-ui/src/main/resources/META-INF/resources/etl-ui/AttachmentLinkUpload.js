// AttachmentLinkUpload: a file picker and drop zone that uploads one file with XMLHttpRequest (progress in
// percent) and, with useSse, follows the background job it started through its own SseProgressBar.
// Props uploadurl, extraData, useSse, sseProgressUrl, sseTitle, acceptedFiles; events complete and error.
import { nextTick } from 'vue';
import { i18nMixin } from './i18n.js';
import { upload as uploadForm, errorMessage } from './api.js';
import SseProgressBar from './SseProgressBar.js';

let nextId = 0;

/** The patterns of an acceptedFiles string (`.xlsx,.csv`, `*.csv`, `text/csv`, `image/*`); empty = any file. */
export function acceptPatterns(acceptedFiles) {
  return String(acceptedFiles ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p && p !== '*' && p !== '*.*' && p !== '*/*')
    .map((p) => (p.startsWith('*.') ? p.slice(1) : p));
}

/** True when a file (name and MIME type) matches an acceptedFiles string. */
export function isAccepted(file, acceptedFiles) {
  const patterns = acceptPatterns(acceptedFiles);
  if (patterns.length === 0) return true;
  const name = String(file?.name ?? '').toLowerCase();
  const type = String(file?.type ?? '').toLowerCase();
  return patterns.some((p) => {
    if (p.startsWith('.')) return name.endsWith(p);
    if (p.endsWith('/*')) return type.startsWith(p.slice(0, -1));
    if (p.includes('/')) return type === p;
    return name.endsWith('.' + p);
  });
}

export default {
  name: 'AttachmentLinkUpload',
  components: { SseProgressBar },
  mixins: [i18nMixin],
  props: {
    uploadurl: { type: String, default: '' },
    extraData: { type: Object, default: () => ({}) },
    useSse: { type: Boolean, default: false },
    sseProgressUrl: { type: String, default: '' },
    sseTitle: { type: String, default: 'Processing...' },
    acceptedFiles: { type: String, default: '*.*' }
  },
  // complete and error are the documented events; uploaded ({importId}) tells a host that buffering began
  emits: ['complete', 'error', 'uploaded'],
  data() {
    return {
      uid: 'etl-upload-' + (++nextId),
      state: 'idle',      // idle | uploading | processing | done
      dragging: false,
      fileName: '',
      percent: 0,
      importId: '',
      message: ''
    };
  },
  computed: {
    acceptAttr() {
      const patterns = acceptPatterns(this.acceptedFiles);
      return patterns.length ? patterns.join(',') : null;
    },
    acceptedLabel() {
      const patterns = acceptPatterns(this.acceptedFiles);
      return patterns.length ? patterns.join(', ') : this.t('upload.anyType');
    },
    canPick() { return this.state === 'idle'; }
  },
  template: `
    <div class="etl-upload" :data-state="state">
      <div v-if="canPick" class="etl-upload__zone" :class="{ 'etl-upload__zone--over': dragging }"
           @dragenter.prevent="dragging = true" @dragover.prevent="dragging = true"
           @dragleave.prevent="dragging = false" @drop.prevent="onDrop">
        <svg class="etl-upload__icon" viewBox="0 0 24 24" aria-hidden="true" width="32" height="32">
          <path fill="currentColor" d="M12 3l5 5h-3v6h-4V8H7l5-5zm-7 14h14v3H5v-3z"/>
        </svg>
        <p class="etl-upload__lead">
          {{ t('upload.drop') }}
          <button type="button" class="etl-link-button etl-upload__choose" @click="$refs.input.click()">{{ t('upload.choose') }}</button>
        </p>
        <p class="etl-upload__hint" :id="uid + '-hint'">{{ t('upload.accepted', { types: acceptedLabel }) }}</p>
      </div>
      <input ref="input" class="etl-visually-hidden etl-upload__input" type="file" tabindex="-1"
             :accept="acceptAttr" :aria-describedby="uid + '-hint'" @change="onPick">
      <div v-if="state === 'uploading'" class="etl-progress etl-upload__progress">
        <div class="etl-progress__title" :id="uid + '-up'">{{ t('upload.uploading', { name: fileName }) }}</div>
        <div class="etl-progress__track" role="progressbar" aria-valuemin="0" aria-valuemax="100"
             :aria-valuenow="percent" :aria-labelledby="uid + '-up'">
          <div class="etl-progress__fill" :style="{ width: percent + '%' }"></div>
        </div>
        <div class="etl-progress__meta"><span class="etl-progress__percent">{{ percent }}%</span></div>
      </div>
      <sse-progress-bar v-if="useSse && (state === 'processing' || state === 'done')" ref="progress"
                        :title="sseTitle" :base-url="sseProgressUrl" :process-id="importId" :locale="locale"
                        @complete="onProcessed" @error="onProcessFailed"></sse-progress-bar>
      <p v-if="message" class="etl-upload__error etl-alert etl-alert--error" role="alert">{{ message }}</p>
    </div>`,
  methods: {
    onPick(event) {
      const file = event.target.files && event.target.files[0];
      event.target.value = '';
      if (file) this.upload(file);
    },
    onDrop(event) {
      this.dragging = false;
      const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) this.upload(file);
    },
    /** Uploads `file` (refusing it first when it is outside acceptedFiles). */
    upload(file) {
      if (this.state !== 'idle') return;
      this.message = '';
      if (!isAccepted(file, this.acceptedFiles)) {
        this.failWith(this.t('upload.refused', { name: file.name, types: this.acceptedLabel }));
        return;
      }
      const form = new FormData();
      // extra fields first: a streaming server reads schema_name before the file arrives
      for (const [key, value] of Object.entries(this.extraData || {})) {
        if (value !== undefined && value !== null) {
          form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
        }
      }
      form.append('file', file, file.name);
      this.fileName = file.name;
      this.percent = 0;
      this.state = 'uploading';
      this.xhr = uploadForm(this.uploadurl, form, {
        progress: (percent) => { this.percent = percent; },
        load: (answer) => this.onUploaded(answer),
        error: () => { this.state = 'idle'; this.failWith(this.t('upload.network')); },
        abort: () => { this.state = 'idle'; }
      });
    },
    /** The upload's answer, `{ status, text }`: an import id to follow, or the server's refusal. */
    async onUploaded({ status, text }) {
      this.xhr = null;
      if (status < 200 || status >= 300) {
        this.state = 'idle';
        this.failWith(errorMessage(text) || this.t('upload.httpError', { status }));
        return;
      }
      this.percent = 100;
      let answer;
      try {
        answer = text ? JSON.parse(text) : {};
      } catch {
        this.state = 'idle';
        this.failWith(this.t('upload.badAnswer'));
        return;
      }
      if (!this.useSse) {
        this.state = 'done';
        this.$emit('complete', answer);
        return;
      }
      if (!answer || !answer.importId) {
        this.state = 'idle';
        this.failWith(this.t('upload.badAnswer'));
        return;
      }
      this.importId = String(answer.importId);
      this.state = 'processing';
      this.$emit('uploaded', { importId: this.importId });
      await nextTick();
      this.$refs.progress.start();
    },
    onProcessed() {
      this.state = 'done';
      this.$emit('complete', { importId: this.importId });
    },
    onProcessFailed(message) {
      // keep the server's message in view and let the person pick another file
      this.state = 'idle';
      this.failWith(message || this.t('progress.failed'));
    },
    failWith(message) {
      this.message = message;
      this.$emit('error', message);
    },
    /** Stops an upload or a progress stream in flight and returns to the empty picker. */
    reset() {
      if (this.xhr) this.xhr.abort();
      this.xhr = null;
      this.$refs.progress?.stop();
      this.state = 'idle';
      this.percent = 0;
      this.importId = '';
      this.fileName = '';
      this.message = '';
    }
  },
  beforeUnmount() {
    if (this.xhr) this.xhr.abort();
  }
};

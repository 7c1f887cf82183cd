// SseProgressBar: live progress of one background job from a Server-Sent Events stream.
// Props title, baseUrl, processId; method start(); events complete (once, on status Completed) and error.
import { i18nMixin } from './i18n.js';
import { getJson } from './api.js';

const FINAL = ['Completed', 'Failed', 'Cancelled'];
const MAX_SILENT_RETRIES = 5;      // reconnect attempts without any event before polling instead
const POLL_MILLIS = 2000;
const MAX_POLL_FAILURES = 5;       // network failures in a row before giving up
let nextId = 0;

/** `status/{id}` beside a `.../buffer-progress` or `.../commit-progress` base URL. */
export function statusUrl(baseUrl, processId) {
  const base = String(baseUrl).replace(/\/+$/, '');
  const replaced = base.replace(/(buffer|commit)-progress$/, 'status');
  return (replaced === base ? base.replace(/[^/]*$/, 'status') : replaced) + '/' + encodeURIComponent(processId);
}

/** The phase (`buffer` or `commit`) a progress base URL streams. */
function phaseOf(baseUrl) {
  return /commit-progress\/?$/.test(String(baseUrl)) ? 'commit' : 'buffer';
}

/** The progress snapshot of `phase` in a status answer, whatever its nesting. */
export function snapshotFrom(answer, phase) {
  if (!answer || typeof answer !== 'object') return null;
  const nested = answer[phase] ?? answer[phase + 'Progress'] ?? answer.progress?.[phase];
  if (nested && typeof nested === 'object' && 'status' in nested) return nested;
  if ('status' in answer && 'processed' in answer && (!answer.phase || answer.phase === phase)) return answer;
  return null;
}

async function errorMessageOf(response) {
  try {
    const body = await response.json();
    return body?.error?.message || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export default {
  name: 'SseProgressBar',
  mixins: [i18nMixin],
  props: {
    title: { type: String, default: '' },
    baseUrl: { type: String, default: '' },
    processId: { type: String, default: '' }
  },
  emits: ['complete', 'error'],
  data() {
    return {
      uid: 'etl-progress-' + (++nextId),
      snapshot: null,
      connection: 'idle',   // idle | live | reconnecting | polling | closed
      failure: ''           // a message shown when the job failed or its progress cannot be read
    };
  },
  computed: {
    status() { return this.snapshot?.status || 'Waiting'; },
    processed() { return Number(this.snapshot?.processed ?? 0); },
    total() { return Number(this.snapshot?.total ?? 0); },
    percent() {
      if (this.status === 'Completed') return 100;
      if (this.total <= 0) return 0;
      return Math.max(0, Math.min(100, Math.floor((this.processed * 100) / this.total)));
    },
    countText() {
      return this.total > 0
        ? this.t('progress.count', { processed: this.formatNumber(this.processed), total: this.formatNumber(this.total) })
        : this.t('progress.countUnknown', { processed: this.formatNumber(this.processed) });
    },
    statusText() { return this.t('status.' + this.status); },
    notice() {
      if (this.connection === 'reconnecting') return this.t('progress.reconnecting');
      if (this.connection === 'polling') return this.t('progress.polling');
      return '';
    }
  },
  template: `
    <div class="etl-progress" :class="'etl-progress--' + status.toLowerCase()" :data-status="status">
      <div class="etl-progress__title" :id="uid + '-title'">{{ title }}</div>
      <div class="etl-progress__track" role="progressbar" aria-valuemin="0" aria-valuemax="100"
           :aria-valuenow="percent" :aria-valuetext="percent + '% · ' + countText + ' · ' + statusText"
           :aria-labelledby="uid + '-title'">
        <div class="etl-progress__fill" :style="{ width: percent + '%' }"></div>
      </div>
      <div class="etl-progress__meta">
        <span class="etl-progress__percent">{{ t('progress.percent', { percent }) }}</span>
        <span class="etl-progress__count">{{ countText }}</span>
        <span class="etl-progress__status" aria-live="polite">{{ statusText }}</span>
      </div>
      <p v-if="notice" class="etl-progress__notice" aria-live="polite">{{ notice }}</p>
      <p v-if="failure" class="etl-progress__error etl-alert etl-alert--error" role="alert">{{ failure }}</p>
    </div>`,
  methods: {
    /** Opens EventSource(baseUrl + '/' + processId) and follows it until a final status. */
    start() {
      this.stop();
      this.snapshot = null;
      this.failure = '';
      this.finished = false;
      this.silentRetries = 0;
      this.pollFailures = 0;
      if (typeof EventSource === 'undefined') {
        this.startPolling();
        return;
      }
      const source = new EventSource(String(this.baseUrl).replace(/\/+$/, '') + '/' + encodeURIComponent(this.processId));
      this.source = source;
      this.connection = 'live';
      const onEvent = (event) => {
        this.silentRetries = 0;
        this.connection = 'live';
        let data;
        try { data = JSON.parse(event.data); } catch { return; }
        this.accept(data);
      };
      source.addEventListener('progress', onEvent);   // the servlet names its events `progress`
      source.onmessage = onEvent;                      // unnamed events, as in the original design
      source.onopen = () => { this.connection = 'live'; };
      source.onerror = () => {
        if (this.source !== source || this.finished) return;
        if (source.readyState === EventSource.CLOSED) {
          // refused (404, wrong content type, ...): the browser will not retry; read the status instead
          this.closeStream();
          this.startPolling();
        } else if (++this.silentRetries > MAX_SILENT_RETRIES) {
          this.closeStream();
          this.startPolling();
        } else {
          this.connection = 'reconnecting';       // the browser reconnects; the server resends the latest snapshot
        }
      };
    },
    /** Closes the stream and stops polling; emits nothing. */
    stop() {
      this.closeStream();
      clearTimeout(this.pollTimer);
      this.pollTimer = null;
      if (this.connection !== 'idle') this.connection = 'closed';
    },
    closeStream() {
      if (this.source) {
        this.source.close();
        this.source = null;
      }
    },
    accept(data) {
      if (this.finished || !data || typeof data !== 'object') return;
      // a reconnect may deliver an older snapshot than one already shown: never go backwards
      if (this.snapshot && data.status === 'Processing' && Number(data.processed) < this.processed) return;
      this.snapshot = data;
      if (!FINAL.includes(data.status)) return;
      this.finished = true;
      this.stop();
      if (data.status === 'Completed') {
        this.$emit('complete', data);
      } else {
        this.fail(data.message || this.t(data.status === 'Cancelled' ? 'progress.cancelled' : 'progress.failed'));
      }
    },
    fail(message) {
      this.finished = true;
      this.stop();
      this.failure = message;
      this.$emit('error', message);
    },
    startPolling() {
      this.connection = 'polling';
      const url = statusUrl(this.baseUrl, this.processId);
      const phase = phaseOf(this.baseUrl);
      const poll = async () => {
        if (this.finished || this.connection !== 'polling') return;
        try {
          const response = await getJson(url);
          if (!response.ok) {
            this.fail(this.t('progress.unreachable', { detail: await errorMessageOf(response) }));
            return;
          }
          this.pollFailures = 0;
          const snapshot = snapshotFrom(await response.json(), phase);
          if (snapshot) this.accept(snapshot);
        } catch (e) {
          if (++this.pollFailures >= MAX_POLL_FAILURES) {
            this.fail(this.t('progress.unreachable', { detail: String(e?.message || e) }));
            return;
          }
        }
        if (!this.finished && this.connection === 'polling') this.pollTimer = setTimeout(poll, POLL_MILLIS);
      };
      poll();
    }
  },
  beforeUnmount() {
    this.finished = true;
    this.stop();
  }
};

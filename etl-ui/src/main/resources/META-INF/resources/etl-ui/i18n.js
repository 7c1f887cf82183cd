// Every string the sse-etl components show, in English and Bahasa Indonesia, in one place.
// A component takes its language from its `locale` prop, else from <html lang="...">; the page may switch
// <html lang> at any time and every mounted component follows.
import { ref } from 'vue';

export const messages = {
  en: {
    'status.Processing': 'Processing',
    'status.Completed': 'Completed',
    'status.Failed': 'Failed',
    'status.Cancelled': 'Cancelled',
    'status.Waiting': 'Waiting',
    'progress.count': '{processed} of {total} rows',
    'progress.countUnknown': '{processed} rows',
    'progress.percent': '{percent}%',
    'progress.reconnecting': 'Connection lost; reconnecting…',
    'progress.polling': 'Live updates are not available; checking the status every few seconds.',
    'progress.unreachable': 'The progress of this import cannot be read ({detail}). Reload the page and try again.',
    'progress.failed': 'The job failed. Try again, or ask an administrator if it keeps failing.',
    'progress.cancelled': 'The import was cancelled.',

    'upload.drop': 'Drag a file here, or',
    'upload.choose': 'choose a file',
    'upload.accepted': 'Accepted: {types}',
    'upload.anyType': 'any file',
    'upload.uploading': 'Uploading {name}',
    'upload.refused': 'The file “{name}” cannot be imported here. Choose a file of type {types}.',
    'upload.httpError': 'The upload failed (HTTP {status}). Try again.',
    'upload.network': 'The server could not be reached. Check your connection and try again.',
    'upload.badAnswer': 'The server sent an answer that could not be read. Try again.',
    'upload.processing': 'Processing...',

    'modal.title': 'Import {schema}',
    'modal.close': 'Close',
    'modal.stages': 'Import steps',
    'stage.upload': 'Upload',
    'stage.buffering': 'Checking',
    'stage.preview': 'Preview',
    'stage.committing': 'Saving',
    'stage.done': 'Done',
    'modal.intro': 'Upload a CSV or Excel (XLSX) file. Nothing is saved until you have seen the preview and pressed Commit.',
    'modal.template': 'Download the template:',
    'modal.templateXlsx': 'Excel (XLSX)',
    'modal.templateCsv': 'CSV',
    'modal.columns': 'Columns of this file: {count} ({required} required)',
    'modal.required': 'required',
    'modal.oneOf': 'one of {values}',
    'modal.bufferTitle': 'Reading and checking the file',
    'modal.commitTitle': 'Saving the valid rows',
    'modal.tryAnother': 'Try another file',
    'modal.cancel': 'Cancel',
    'modal.cancelled': 'The import was cancelled and nothing was saved.',
    'modal.summary': 'Summary',
    'modal.total': 'Rows',
    'modal.valid': 'Valid',
    'modal.invalid': 'With errors',
    'modal.filter': 'Show',
    'modal.filterAll': 'All rows',
    'modal.filterInvalid': 'Rows with errors',
    'modal.filterValid': 'Valid rows',
    'modal.row': 'Row',
    'modal.noRows': 'No rows to show.',
    'modal.loading': 'Loading…',
    'modal.page': 'Page {page} of {pages}',
    'modal.prev': 'Previous',
    'modal.next': 'Next',
    'modal.errorReport': 'Download the errors:',
    'modal.commit': 'Commit {count} valid rows',
    'modal.commitNothing': 'No row is valid, so there is nothing to commit. Fix the file and upload it again.',
    'modal.noDataRows': 'The file has no rows below its header, so there is nothing to commit. Fill in your rows and upload it again.',
    'modal.invalidNote': 'Rows with errors are skipped; only the valid rows are saved.',
    'modal.commitMode': 'If the database refuses a row:',
    'modal.modeValidRows': 'keep the rows saved before it (saved in chunks)',
    'modal.modeAllOrNothing': 'save nothing (all or nothing, one transaction)',
    'modal.doneTitle': 'Import finished',
    'modal.inserted': 'Inserted',
    'modal.updated': 'Updated',
    'modal.skipped': 'Skipped',
    'modal.failedRows': 'Failed',
    'modal.commitFailed': 'Saving stopped: {message}',
    'modal.requestFailed': 'The request failed (HTTP {status}). Try again.',
    'modal.rowErrors': 'Row errors'
  },
  id: {
    'status.Processing': 'Memproses',
    'status.Completed': 'Selesai',
    'status.Failed': 'Gagal',
    'status.Cancelled': 'Dibatalkan',
    'status.Waiting': 'Menunggu',
    'progress.count': '{processed} dari {total} baris',
    'progress.countUnknown': '{processed} baris',
    'progress.percent': '{percent}%',
    'progress.reconnecting': 'Koneksi terputus; menyambung ulang…',
    'progress.polling': 'Pembaruan langsung tidak tersedia; status diperiksa setiap beberapa detik.',
    'progress.unreachable': 'Progres impor ini tidak dapat dibaca ({detail}). Muat ulang halaman lalu coba lagi.',
    'progress.failed': 'Proses gagal. Coba lagi, atau hubungi administrator jika terus gagal.',
    'progress.cancelled': 'Impor dibatalkan.',

    'upload.drop': 'Seret file ke sini, atau',
    'upload.choose': 'pilih file',
    'upload.accepted': 'Diterima: {types}',
    'upload.anyType': 'semua file',
    'upload.uploading': 'Mengunggah {name}',
    'upload.refused': 'File “{name}” tidak dapat diimpor di sini. Pilih file bertipe {types}.',
    'upload.httpError': 'Unggahan gagal (HTTP {status}). Coba lagi.',
    'upload.network': 'Server tidak dapat dihubungi. Periksa koneksi Anda lalu coba lagi.',
    'upload.badAnswer': 'Jawaban server tidak dapat dibaca. Coba lagi.',
    'upload.processing': 'Memproses...',

    'modal.title': 'Impor {schema}',
    'modal.close': 'Tutup',
    'modal.stages': 'Langkah impor',
    'stage.upload': 'Unggah',
    'stage.buffering': 'Pemeriksaan',
    'stage.preview': 'Pratinjau',
    'stage.committing': 'Penyimpanan',
    'stage.done': 'Selesai',
    'modal.intro': 'Unggah file CSV atau Excel (XLSX). Tidak ada yang disimpan sebelum Anda melihat pratinjau dan menekan Simpan.',
    'modal.template': 'Unduh templat:',
    'modal.templateXlsx': 'Excel (XLSX)',
    'modal.templateCsv': 'CSV',
    'modal.columns': 'Kolom file ini: {count} ({required} wajib)',
    'modal.required': 'wajib',
    'modal.oneOf': 'salah satu dari {values}',
    'modal.bufferTitle': 'Membaca dan memeriksa file',
    'modal.commitTitle': 'Menyimpan baris yang valid',
    'modal.tryAnother': 'Coba file lain',
    'modal.cancel': 'Batal',
    'modal.cancelled': 'Impor dibatalkan dan tidak ada yang disimpan.',
    'modal.summary': 'Ringkasan',
    'modal.total': 'Baris',
    'modal.valid': 'Valid',
    'modal.invalid': 'Bermasalah',
    'modal.filter': 'Tampilkan',
    'modal.filterAll': 'Semua baris',
    'modal.filterInvalid': 'Baris bermasalah',
    'modal.filterValid': 'Baris valid',
    'modal.row': 'Baris',
    'modal.noRows': 'Tidak ada baris untuk ditampilkan.',
    'modal.loading': 'Memuat…',
    'modal.page': 'Halaman {page} dari {pages}',
    'modal.prev': 'Sebelumnya',
    'modal.next': 'Berikutnya',
    'modal.errorReport': 'Unduh daftar kesalahan:',
    'modal.commit': 'Simpan {count} baris valid',
    'modal.commitNothing': 'Tidak ada baris yang valid, jadi tidak ada yang disimpan. Perbaiki file lalu unggah lagi.',
    'modal.noDataRows': 'File tidak memiliki baris di bawah header, jadi tidak ada yang disimpan. Isi baris Anda lalu unggah lagi.',
    'modal.invalidNote': 'Baris bermasalah dilewati; hanya baris valid yang disimpan.',
    'modal.commitMode': 'Jika basis data menolak sebuah baris:',
    'modal.modeValidRows': 'pertahankan baris yang sudah disimpan sebelumnya (disimpan per bagian)',
    'modal.modeAllOrNothing': 'jangan simpan apa pun (semua atau tidak sama sekali, satu transaksi)',
    'modal.doneTitle': 'Impor selesai',
    'modal.inserted': 'Ditambahkan',
    'modal.updated': 'Diperbarui',
    'modal.skipped': 'Dilewati',
    'modal.failedRows': 'Gagal',
    'modal.commitFailed': 'Penyimpanan berhenti: {message}',
    'modal.requestFailed': 'Permintaan gagal (HTTP {status}). Coba lagi.',
    'modal.rowErrors': 'Kesalahan baris'
  }
};

// The page's <html lang>, kept reactive so a language switch re-renders every mounted component.
const pageLang = ref(typeof document === 'undefined' ? 'en' : document.documentElement.lang || 'en');
if (typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
  new MutationObserver(() => { pageLang.value = document.documentElement.lang || 'en'; })
    .observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/** The supported language for a locale string such as `id`, `id-ID`, `en-GB`; English when unknown. */
export function resolveLocale(locale) {
  const tag = String(locale || pageLang.value || 'en').toLowerCase();
  return tag === 'id' || tag.startsWith('id-') || tag === 'in' || tag.startsWith('in-') ? 'id' : 'en';
}

/** The message `key` in `locale` (see resolveLocale) with `{name}` placeholders filled from `params`. */
export function translate(locale, key, params) {
  const lang = resolveLocale(locale);
  const text = messages[lang][key] ?? messages.en[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

/** Mixin giving a component `t(key, params)` in the language of its `locale` prop or the page. */
export const i18nMixin = {
  props: { locale: { type: String, default: '' } },
  computed: { lang() { return resolveLocale(this.locale); } },
  methods: {
    t(key, params) { return translate(this.lang, key, params); },
    formatNumber(n) { return Number(n ?? 0).toLocaleString(this.lang === 'id' ? 'id-ID' : 'en-US'); }
  }
};

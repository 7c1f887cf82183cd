package dev.sseetl.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The documented props, events and methods of SseProgressBar and AttachmentLinkUpload, each component mounted on
 * its own in the demo page (which maps {@code vue}) and driven against the real demo server.
 */
class ComponentContractBrowserTest extends DemoPageTest {
    @Test
    void progressBarEmitsCompleteOnceAndClosesItsStream() {
        String importId = (String) async("""
                const form = new FormData();
                form.append('schema_name', 'user_schema');
                form.append('file', new Blob(['Name,Email\\nAda,ada-bar@example.com\\n'], { type: 'text/csv' }), 'bar.csv');
                const answer = await (await fetch('/api/etl/upload', { method: 'POST', body: form })).json();
                return answer.importId;""");
        mount("SseProgressBar", "{ title: 'Buffering data', baseUrl: '/api/etl/buffer-progress', processId: '" + importId + "' }");
        browser.script("window.__vm.start()");

        browser.until(d -> "Completed".equals(browser.find("#contract-host .etl-progress").getAttribute("data-status")));
        assertThat(events()).hasSize(1);
        assertThat(events().get(0)).startsWith("complete:").contains("\"status\":\"Completed\"");
        assertThat(browser.script("return window.__vm.connection")).isEqualTo("closed");
        var bar = browser.find("#contract-host [role=progressbar]");
        assertThat(bar.getAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(bar.getAttribute("aria-valuemin")).isEqualTo("0");
        assertThat(bar.getAttribute("aria-valuemax")).isEqualTo("100");
        assertThat(browser.find("#contract-host .etl-progress").getText()).contains("Buffering data", "100%", "1 of 1 rows", "Completed");
    }

    @Test
    void progressBarReportsAnImportThatCannotBeFollowedAsAnError() {
        mount("SseProgressBar", "{ title: 'Lost', baseUrl: '/api/etl/commit-progress', processId: 'no-such-import' }");
        browser.script("window.__vm.start()");

        browser.until(d -> !events().isEmpty());
        assertThat(events()).hasSize(1);
        assertThat(events().get(0)).startsWith("error:").contains("no-such-import");
        assertThat(browser.find("#contract-host .etl-progress__error").getText()).contains("no-such-import");
    }

    @Test
    void uploaderSendsExtraFieldsBeforeTheFileAndCompletesWithTheServersAnswer() throws Exception {
        recordFormFieldOrder();
        mount("AttachmentLinkUpload", "{ uploadurl: '/api/etl/upload', extraData: { schema_name: 'user_schema', source: 'contract' },"
                + " acceptedFiles: '.csv' }");
        Path file = Files.writeString(temp.resolve("plain.csv"), "Name,Email\nAda,ada-plain@example.com\n");
        browser.find("#contract-host .etl-upload__input").sendKeys(file.toString());

        browser.until(d -> !events().isEmpty());
        assertThat(events()).hasSize(1);
        assertThat(events().get(0)).startsWith("complete:{\"importId\":\"");
        assertThat(browser.script("return window.__fields")).isEqualTo(List.of("schema_name", "source", "file"));
    }

    @Test
    void uploaderWithSseCompletesWithTheImportIdOnceBufferingIsDone() throws Exception {
        mount("AttachmentLinkUpload", "{ uploadurl: '/api/etl/upload', extraData: { schema_name: 'user_schema' }, useSse: true,"
                + " sseProgressUrl: '/api/etl/buffer-progress', sseTitle: 'Parsing and Buffering File' }");
        assertThat(browser.find("#contract-host .etl-upload__hint").getText()).isEqualTo("Accepted: any file");
        Path file = Files.writeString(temp.resolve("sse.csv"), "Name,Email\nAda,ada-sse@example.com\n");
        browser.find("#contract-host .etl-upload__input").sendKeys(file.toString());

        browser.until(d -> !events().isEmpty());
        assertThat(events()).hasSize(1);
        assertThat(events().get(0)).matches("complete:\\{\"importId\":\"[^\"]+\"}");
        assertThat(browser.find("#contract-host .etl-progress").getText()).contains("Parsing and Buffering File", "Completed");
    }

    @Test
    void uploaderErrorCarriesTheServersMessage() throws Exception {
        String serverMessage = (String) async("""
                const form = new FormData();
                form.append('schema_name', 'no_such_schema');
                form.append('file', new Blob(['a\\n1\\n'], { type: 'text/csv' }), 'x.csv');
                return (await (await fetch('/api/etl/upload', { method: 'POST', body: form })).json()).error.message;""");
        mount("AttachmentLinkUpload", "{ uploadurl: '/api/etl/upload', extraData: { schema_name: 'no_such_schema' } }");
        Path file = Files.writeString(temp.resolve("x.csv"), "a\n1\n");
        browser.find("#contract-host .etl-upload__input").sendKeys(file.toString());

        browser.until(d -> !events().isEmpty());
        assertThat(serverMessage).isNotBlank();
        assertThat(events()).containsExactly("error:" + serverMessage);
        assertThat(browser.find("#contract-host .etl-upload__error").getText()).isEqualTo(serverMessage);
    }

    @Test
    void acceptedFilesMatchesExtensionsWildcardsAndMimeTypes() {
        @SuppressWarnings("unchecked")
        Map<String, Boolean> verdicts = (Map<String, Boolean>) async("""
                const { isAccepted } = await import('/etl-ui/AttachmentLinkUpload.js');
                const f = (name, type) => ({ name, type });
                return {
                  anyFile: isAccepted(f('x.pdf', 'application/pdf'), '*.*'),
                  emptyList: isAccepted(f('x.pdf', ''), ''),
                  upperCaseExtension: isAccepted(f('DATA.XLSX', ''), '.xlsx,.csv'),
                  starDotExtension: isAccepted(f('a.csv', ''), '*.csv'),
                  otherExtension: isAccepted(f('a.csv.exe', ''), '.xlsx, .csv'),
                  mimeType: isAccepted(f('a', 'text/csv'), 'text/csv'),
                  mimeWildcard: isAccepted(f('a.png', 'image/png'), 'image/*'),
                  mimeMismatch: isAccepted(f('a.png', 'image/png'), 'text/*')
                };""");
        assertThat(verdicts).containsExactlyInAnyOrderEntriesOf(Map.of("anyFile", true, "emptyList", true,
                "upperCaseExtension", true, "starDotExtension", true, "otherExtension", false, "mimeType", true,
                "mimeWildcard", true, "mimeMismatch", false));
    }

    @Test
    void everyStringExistsInEnglishAndIndonesian() {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> gaps = (Map<String, List<String>>) async("""
                const { messages } = await import('/etl-ui/i18n.js');
                const en = Object.keys(messages.en), id = Object.keys(messages.id);
                const blank = (lang) => Object.entries(messages[lang]).filter(([k, v]) => !String(v).trim()).map(([k]) => k);
                return { missingInId: en.filter((k) => !id.includes(k)), missingInEn: id.filter((k) => !en.includes(k)),
                         blank: blank('en').concat(blank('id')) };""");
        assertThat(gaps.get("missingInId")).isEmpty();
        assertThat(gaps.get("missingInEn")).isEmpty();
        assertThat(gaps.get("blank")).isEmpty();
    }

    @Test
    void statusUrlReplacesTheProgressSegment() {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) async("""
                const { statusUrl } = await import('/etl-ui/SseProgressBar.js');
                return [statusUrl('/api/etl/buffer-progress', 'a1'), statusUrl('/api/etl/commit-progress/', 'b 2'),
                        statusUrl('/x/progress', 'c')];""");
        assertThat(urls).containsExactly("/api/etl/status/a1", "/api/etl/status/b%202", "/x/status/c");
    }

    // --- helpers ---

    /** Mounts {@code component} from /etl-ui/index.js into a fresh host; its events are recorded as "name:payload". */
    private void mount(String component, String propsJs) {
        async("""
                const { createApp } = await import('vue');
                const ui = await import('/etl-ui/index.js');
                document.getElementById('contract-host')?.remove();
                const host = document.createElement('div');
                host.id = 'contract-host';
                document.body.appendChild(host);
                window.__events = [];
                const record = (name) => (payload) => window.__events.push(
                    payload === undefined ? name : name + ':' + (typeof payload === 'string' ? payload : JSON.stringify(payload)));
                const props = Object.assign(%s, { onComplete: record('complete'), onError: record('error') });
                window.__vm = createApp(ui.%s, props).mount(host);
                return true;""".formatted(propsJs, component));
    }

    private void recordFormFieldOrder() {
        browser.script("const send = XMLHttpRequest.prototype.send;"
                + "XMLHttpRequest.prototype.send = function (body) {"
                + "  if (body instanceof FormData) { window.__fields = Array.from(body.keys()); }"
                + "  return send.apply(this, arguments); };");
    }

    @SuppressWarnings("unchecked")
    private List<String> events() {
        return (List<String>) browser.script("return window.__events || []");
    }

    private Object async(String body) {
        return browser.await(body);
    }
}

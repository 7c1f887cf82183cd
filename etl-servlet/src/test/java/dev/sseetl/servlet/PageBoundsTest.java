package dev.sseetl.servlet;

import dev.sseetl.ImportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static dev.sseetl.servlet.ErrorStatusTest.assertError;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The preview's page bounds are the engine's rule: the servlet only parses the numbers and passes them on. */
class PageBoundsTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("work"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String engineMessage(String id, int page, int size) {
        return catchThrowableOfType(ImportException.class,
                () -> server.engine.preview(id, OwnerResolver.ANONYMOUS, page, size, null)).getMessage();
    }

    private static String message(HttpResponse<String> r) {
        return JSON.readTree(r.body()).get("error").get("message").asString();
    }

    @Test
    void outOfBoundsPagesGetTheEnginesOwnRefusal() throws Exception {
        String id = ErrorStatusTest.uploadBuffered(server, null);
        for (int[] pageSize : new int[][]{{0, 50}, {-3, 50}, {1, 0}, {1, 501}}) {
            HttpResponse<String> r = server.get("preview/" + id + "?page=" + pageSize[0] + "&size=" + pageSize[1]);
            assertError(r, 400, "BAD_REQUEST");
            assertThat(message(r)).isEqualTo(engineMessage(id, pageSize[0], pageSize[1]));
        }
    }

    @Test
    void anUnknownImportIs404EvenWithAPageOutOfBounds() throws Exception {
        // The engine looks the import up before it checks the page: a servlet-side bounds check would answer 400.
        assertError(server.get("preview/0123456789abcdef0123456789abcdef?page=0&size=9999"), 404, "NOT_FOUND");
    }

    @Test
    void onlyNonNumbersAreTheServletsToRefuse() throws Exception {
        String id = ErrorStatusTest.uploadBuffered(server, null);
        HttpResponse<String> r = server.get("preview/" + id + "?page=first");
        assertError(r, 400, "BAD_REQUEST");
        assertThat(message(r)).isEqualTo("page must be a whole number; got 'first'.");
    }
}

package dev.sseetl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CommitModeTest {
    @Test
    void parsesEitherNameInAnyCaseAroundBlanks() {
        assertThat(CommitMode.parse("valid_rows")).isEqualTo(CommitMode.VALID_ROWS);
        assertThat(CommitMode.parse(" All_Or_Nothing ")).isEqualTo(CommitMode.ALL_OR_NOTHING);
        assertThat(CommitMode.parse("ALL_OR_NOTHING")).isEqualTo(CommitMode.ALL_OR_NOTHING);
    }

    @Test
    void anythingElseIsABadRequestNamingBothModes() {
        for (String text : new String[]{"sometimes", "", "valid-rows", null}) {
            ImportException e = catchThrowableOfType(ImportException.class, () -> CommitMode.parse(text));
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.code().httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains("valid_rows", "all_or_nothing", "'" + text + "'");
        }
    }
}

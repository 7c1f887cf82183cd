package dev.sseetl;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitsTest {
    @Test
    void customStartsFromTheDefaultsAndChangesOnlyWhatIsSet() {
        Limits limits = Limits.custom().maxRows(10).build();
        assertThat(limits.maxRows()).isEqualTo(10);
        assertThat(limits.toBuilder().maxRows(Limits.defaults().maxRows()).build()).isEqualTo(Limits.defaults());
        assertThat(Limits.custom().build()).isEqualTo(Limits.defaults()).hasSameHashCodeAs(Limits.defaults());
    }

    @Test
    void toBuilderKeepsEveryOtherLimit() {
        Limits base = Limits.custom().maxFileBytes(1).maxRows(2).maxColumns(3).maxCellLength(4).minInflateRatio(0.5)
                .maxZipEntries(6).maxZipEntryBytes(7).maxTextBytes(8).build();
        Limits changed = base.toBuilder().maxColumns(30).build();
        assertThat(changed.maxFileBytes()).isEqualTo(1);
        assertThat(changed.maxRows()).isEqualTo(2);
        assertThat(changed.maxColumns()).isEqualTo(30);
        assertThat(changed.maxCellLength()).isEqualTo(4);
        assertThat(changed.minInflateRatio()).isEqualTo(0.5);
        assertThat(changed.maxZipEntries()).isEqualTo(6);
        assertThat(changed.maxZipEntryBytes()).isEqualTo(7);
        assertThat(changed.maxTextBytes()).isEqualTo(8);
        assertThat(base.maxColumns()).isEqualTo(3);
    }

    @Test
    void eachSetterRefusesABrokenValueAtOnceNamingTheLimit() {
        Limits.Builder b = Limits.custom();
        assertThatThrownBy(() -> b.maxRows(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRows must be greater than 0, got 0");
        assertThatThrownBy(() -> b.maxFileBytes(-1)).hasMessage("maxFileBytes must be greater than 0, got -1");
        assertThatThrownBy(() -> b.maxColumns(0)).hasMessage("maxColumns must be greater than 0, got 0");
        assertThatThrownBy(() -> b.maxCellLength(0)).hasMessage("maxCellLength must be greater than 0, got 0");
        assertThatThrownBy(() -> b.maxZipEntries(0)).hasMessage("maxZipEntries must be greater than 0, got 0");
        assertThatThrownBy(() -> b.maxZipEntryBytes(0)).hasMessage("maxZipEntryBytes must be greater than 0, got 0");
        assertThatThrownBy(() -> b.maxTextBytes(0)).hasMessage("maxTextBytes must be greater than 0, got 0");
        assertThatThrownBy(() -> b.minInflateRatio(1))
                .hasMessage("minInflateRatio must be between 0 and 1 (exclusive), got 1.0");
        assertThatThrownBy(() -> b.minInflateRatio(0))
                .hasMessage("minInflateRatio must be between 0 and 1 (exclusive), got 0.0");
        assertThat(b.build()).isEqualTo(Limits.defaults()); // the refused values left the builder as it was
    }

    @Test
    void theBuilderIsTheOnlyWayToMakeLimits() {
        assertThat(Limits.class.getConstructors()).as("public constructors").isEmpty();
        assertThat(Arrays.stream(Limits.class.getMethods()).map(m -> m.getName()))
                .as("withers").noneMatch(name -> name.startsWith("with"));
        assertThat(Modifier.isFinal(Limits.class.getModifiers())).isTrue();
    }
}

package dev.sseetl.rules;

import dev.sseetl.commit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link JdbcLookup} promises on every database; one subclass per database. */
abstract class JdbcLookupContract {
    private TestDatabase db;
    private String users;

    abstract TestDatabase database();

    @BeforeEach
    void createTable() {
        db = database();
        users = db.createTable("CREATE TABLE %s (id BIGINT PRIMARY KEY, email VARCHAR(200), credit DECIMAL(10,2))");
        db.execute("INSERT INTO " + users + " VALUES (1, 'ann@example.com', 1.50), (2, 'bob@example.com', 20),"
                + " (3, 'O''Hara@example.com', NULL)");
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    @Test
    void answersTheKnownSubsetOfTextValues() {
        JdbcLookup lookup = JdbcLookup.of(db.dataSource(), users, "email");
        Set<Object> known = lookup.known(List.of("ann@example.com", "nobody@example.com", "O'Hara@example.com",
                "' OR '1'='1"));
        assertThat(known).containsExactlyInAnyOrder("ann@example.com", "O'Hara@example.com");
    }

    @Test
    void matchesNamesTheWayTheDatabaseFoldsThem() {
        JdbcLookup lookup = JdbcLookup.of(db.dataSource(), users.toUpperCase(), "EMAIL");
        assertThat(lookup.known(List.of("bob@example.com"))).containsExactly("bob@example.com");
    }

    @Test
    void comparesWholeNumbersAndDecimalsByValue() {
        assertThat(JdbcLookup.of(db.dataSource(), users, "id").known(List.of(1L, 3L, 4L)))
                .containsExactlyInAnyOrder(1L, 3L);
        assertThat(JdbcLookup.of(db.dataSource(), users, "credit")
                .known(List.of(new BigDecimal("1.5"), new BigDecimal("20.000"), new BigDecimal("7"))))
                .containsExactlyInAnyOrder(new BigDecimal("1.5"), new BigDecimal("20.000"));
    }

    @Test
    void sendsOneQueryPerBatchOfValues() {
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        JdbcLookup lookup = JdbcLookup.of(counting, users, "email").batchSize(500);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            values.add("user" + i + "@example.com");
        }
        values.add("ann@example.com");
        assertThat(lookup.known(values)).containsExactly("ann@example.com");
        assertThat(counting.preparedStatements()).isEqualTo(3); // 500 + 500 + 201 values; names resolved by metadata
    }

    @Test
    void refusesNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> JdbcLookup.of(db.dataSource(), "users; DROP TABLE x", "email"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain SQL identifier");
        assertThatThrownBy(() -> JdbcLookup.of(db.dataSource(), users, "email\" OR 1=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain SQL identifier");
    }

    @Test
    void namesTheMissingTableOrColumn() {
        assertThatThrownBy(() -> JdbcLookup.of(db.dataSource(), "no_such_table", "email").verify())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'no_such_table' does not exist");
        assertThatThrownBy(() -> JdbcLookup.of(db.dataSource(), users, "mail").known(List.of("x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no column 'mail'");
    }
}

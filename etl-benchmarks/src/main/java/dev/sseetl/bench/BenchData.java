package dev.sseetl.bench;

import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitTarget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's data: ten columns of mixed types, every row valid, generated deterministically from the row number
 * so every stage (and every tool) sees the same values without keeping them.
 */
final class BenchData {
    /** Column keys in file order; also the target table's column names. */
    static final List<String> KEYS = List.of("id", "name", "email", "age", "price", "active", "role", "joined",
            "updated_at", "note");
    static final String COLUMN_LIST = String.join(", ", KEYS);
    static final String[] ROLES = {"admin", "editor", "viewer"};

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret",
            "Dennis", "Ken", "Linus", "Frances", "John", "Radia", "Tim", "Hedy", "Claude", "Katherine", "Niklaus",
            "Sophie", "Guido", "James", "Bjarne", "Anita", "Leslie", "Shafi", "Whitfield", "Tony", "Butler",
            "Vint", "Bob", "Dorothy", "Jean", "Mary", "Adele", "Karen", "Lynn", "Evelyn", "Annie", "Joan", "Ida"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton",
            "Ritchie", "Thompson", "Torvalds", "Allen", "McCarthy", "Perlman", "Berners-Lee", "Lamarr", "Shannon",
            "Johnson", "Wirth", "Wilson", "Rossum", "Gosling", "Stroustrup", "Borg", "Lamport", "Goldwasser",
            "Diffie", "Hoare", "Lampson", "Cerf", "Kahn", "Vaughan", "Sammet", "Keller", "Goldberg", "Jones",
            "Conway", "Boyd", "Easley", "Clarke", "Rhodes"};
    private static final String[] NOTES = {"first order", "prefers e-mail", "call after 5pm", "VIP, handle with care",
            "moved to new office", "newsletter", "trial user", "renewal due", "invoice by post, not e-mail",
            "referred by a friend", "asked for a demo", "no notes"};
    private static final LocalDate FIRST_DAY = LocalDate.of(2015, 1, 1);
    private static final LocalDateTime FIRST_MOMENT = LocalDateTime.of(2024, 1, 1, 0, 0);

    private BenchData() {
    }

    /** The schema the engine imports with: every column typed and constrained, nothing unique (inserts only). */
    static Schema schema(String name, CommitTarget target) {
        return Schema.named(name)
                .column(Column.integer("id").label("Id").required().min(1))
                .column(Column.string("name").label("Name").required().maxLength(100))
                .column(Column.email("email").label("Email").required().maxLength(200))
                .column(Column.integer("age").label("Age").min(0).max(150))
                .column(Column.decimal("price").label("Price").min(0).scale(2))
                .column(Column.bool("active").label("Active"))
                .column(Column.enumeration("role", ROLES).label("Role").defaultValue("viewer"))
                .column(Column.date("joined").label("Joined"))
                .column(Column.dateTime("updated_at").label("Updated At"))
                .column(Column.string("note").label("Note").maxLength(200))
                .target(target)
                .build();
    }

    /** The target table, the same for every tool. */
    static String createTable(String table) {
        return "create table " + table + " (id bigint primary key, name varchar(100) not null, email varchar(200) not null,"
                + " age integer, price numeric(12,2), active boolean, role varchar(20), joined date,"
                + " updated_at timestamp, note varchar(200))";
    }

    /** Header labels as they appear in the files. */
    static List<String> header() {
        return List.of("Id", "Name", "Email", "Age", "Price", "Active", "Role", "Joined", "Updated At", "Note");
    }

    static String firstName(long row) {
        return FIRST[(int) (row % FIRST.length)];
    }

    static String lastName(long row) {
        return LAST[(int) ((row / FIRST.length) % LAST.length)];
    }

    /** Index of the row's name among the {@link #nameCount()} distinct names. */
    static int nameIndex(long row) {
        return (int) (row % (FIRST.length * LAST.length));
    }

    static int nameCount() {
        return FIRST.length * LAST.length;
    }

    static String nameAt(int index) {
        return FIRST[index % FIRST.length] + " " + LAST[(index / FIRST.length) % LAST.length];
    }

    static String name(long row) {
        return nameAt(nameIndex(row));
    }

    static String email(long row) {
        return (firstName(row) + "." + lastName(row)).toLowerCase(Locale.ROOT) + row + "@example.com";
    }

    static long age(long row) {
        return 18 + (row * 31) % 73;
    }

    /** Cents, 0.00 to 9999.99. */
    static BigDecimal price(long row) {
        return BigDecimal.valueOf((row * 7919) % 1_000_000, 2);
    }

    static boolean active(long row) {
        return row % 3 != 0;
    }

    static int roleIndex(long row) {
        return (int) ((row / 7) % ROLES.length);
    }

    static LocalDate joined(long row) {
        return FIRST_DAY.plusDays((row * 13) % 3650);
    }

    static LocalDateTime updatedAt(long row) {
        return FIRST_MOMENT.plusSeconds((row * 7_777) % 31_000_000);
    }

    static int noteIndex(long row) {
        return (int) ((row / 3) % NOTES.length);
    }

    static int noteCount() {
        return NOTES.length;
    }

    static String noteAt(int index) {
        return NOTES[index];
    }
}

package dev.sseetl.commit;

import java.sql.SQLException;

/** Turns a database error into a message for the person who imports: the database's words, without SQL. */
final class DatabaseMessages {
    private static final int MAX_LENGTH = 500;

    private DatabaseMessages() {
    }

    static String clean(SQLException e) {
        SQLException first = e;
        // a batch error often wraps the real one
        if (e.getNextException() != null && (e.getMessage() == null || e.getMessage().contains("getNextException"))) {
            first = e.getNextException();
        }
        String m = first.getMessage() == null ? first.getClass().getSimpleName() : first.getMessage();
        int sql = m.indexOf("; SQL statement:"); // H2 appends the statement
        if (sql >= 0) {
            m = m.substring(0, sql);
        }
        m = m.replaceFirst("^ERROR: ", "").replaceAll("\\s*\\n\\s*", " ").trim();
        return m.length() > MAX_LENGTH ? m.substring(0, MAX_LENGTH) + "..." : m;
    }
}

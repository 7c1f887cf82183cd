package dev.sseetl.examples.cluster;

import dev.sseetl.testing.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy in front of the real PostgreSQL: it passes queries, cuts connections and refuses new ones on demand. */
class TcpProxyTest {
    private static URI postgres;

    @BeforeAll
    static void needsPostgres() {
        postgres = URI.create(TestServices.requirePostgres().substring("jdbc:".length()));
    }

    private static Connection through(TcpProxy proxy) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + postgres.getPath()
                + "?" + postgres.getQuery() + "&connectTimeout=5&socketTimeout=10");
    }

    private static int answer(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void passesQueriesCutsOpenConnectionsAndRefusesNewOnesWhilePaused() throws SQLException {
        try (TcpProxy proxy = TcpProxy.start(postgres.getHost(), postgres.getPort())) {
            try (Connection c = through(proxy)) {
                assertThat(answer(c)).isEqualTo(42);
                assertThat(proxy.openConnections()).isEqualTo(1);

                proxy.pause();
                proxy.cutAll();
                assertThatThrownBy(() -> answer(c)).isInstanceOf(SQLException.class);
            }
            assertThatThrownBy(() -> through(proxy).close()).isInstanceOf(SQLException.class);

            proxy.resume();
            try (Connection again = through(proxy)) {
                assertThat(answer(again)).isEqualTo(42);
            }
        }
    }
}

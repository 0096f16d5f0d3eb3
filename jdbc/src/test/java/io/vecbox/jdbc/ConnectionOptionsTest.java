package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.supervisor.FetchSize;
import java.nio.file.Path;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectionOptionsTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void pathAndOptionsParse() throws Exception {
        ConnectionOptions o = ConnectionOptions.parse("jdbc:vecbox:/tmp/x/../v.db?readers=2&queryTimeout=5s"
                + "&sandbox=UNTRUSTED&fetchSize=100", null);
        assertThat(o.database()).isEqualTo(Path.of("/tmp/v.db"));
        assertThat(o.get(UrlOption.READERS)).isEqualTo("2");
        assertThat(o.get(UrlOption.QUERY_TIMEOUT)).isEqualTo("5000ms");
        assertThat(o.get(UrlOption.SANDBOX)).isEqualTo("untrusted");
        assertThat(o.fetchSize()).isEqualTo(new FetchSize(100, FetchSize.DEFAULT.bytes()));
    }

    @Test
    void defaultsAreTrustedSandboxAndByteBoundedFetch() throws Exception {
        ConnectionOptions o = ConnectionOptions.parse("jdbc:vecbox:v.db", null);
        assertThat(o.get(UrlOption.SANDBOX)).isEqualTo("trusted");
        assertThat(o.fetchSize()).isEqualTo(FetchSize.DEFAULT);
        assertThat(o.database()).isEqualTo(Path.of("v.db").toAbsolutePath());
        assertThat(o.values()).isEmpty();
    }

    @Test
    void emptyPathIsATemporaryDatabase() throws Exception {
        assertThat(ConnectionOptions.parse("jdbc:vecbox:", null).database()).isNull();
        assertThat(ConnectionOptions.parse("jdbc:vecbox:?readers=1", null).database()).isNull();
    }

    @Test
    void durationsInEveryUnit() {
        assertThat(UrlOption.duration("500ms")).isEqualTo("500ms");
        assertThat(UrlOption.duration("5s")).isEqualTo("5000ms");
        assertThat(UrlOption.duration("2m")).isEqualTo("120000ms");
        assertThat(UrlOption.duration("1h")).isEqualTo("3600000ms");
        assertThat(UrlOption.duration("PT1.5S")).isEqualTo("1500ms");
        assertThatThrownBy(() -> UrlOption.duration("5")).hasMessageContaining("not a duration: '5'");
    }

    @Test
    void unknownOptionsAreNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?readres=2&timeout=5s", null))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessageContaining("unknown options readres, timeout")
                .hasMessageContaining("known options: readers, queryTimeout, writeTimeout")
                .satisfies(e -> assertThat(((SQLNonTransientConnectionException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?readers=0", null))
                .hasMessage("readers < 1: 0");
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?readers=two", null))
                .hasMessage("readers: not an integer: 'two'");
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?queryTimeout=0s", null))
                .hasMessageStartingWith("queryTimeout <= 0");
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?sandbox=loose", null))
                .hasMessage("sandbox: 'loose' is neither trusted nor untrusted");
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?fetchSize=-1", null))
                .hasMessage("fetchSize < 0: -1");
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?readers", null))
                .hasMessageContaining("option without a value: 'readers'");
    }

    @Test
    void propertiesMergeWithTheUrlAndUserAndPasswordAreIgnored() throws Exception {
        ConnectionOptions o = ConnectionOptions.parse("jdbc:vecbox:v.db?readers=2",
                props("queryTimeout", "2s", "user", "sa", "password", "secret", "readers", "2"));
        assertThat(o.get(UrlOption.QUERY_TIMEOUT)).isEqualTo("2000ms");
        assertThat(o.poolKey()).doesNotContain("secret").doesNotContain("user");
    }

    @Test
    void anOptionGivenTwiceMustAgree() {
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?readers=2", props("readers", "3")))
                .hasMessageContaining("readers is given twice, as 2 and as 3");
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox:v.db?readers=2&readers=3", null))
                .hasMessageContaining("readers is given twice");
    }

    @Test
    void spellingsOfOneUrlShareAPoolKey() throws Exception {
        String a = ConnectionOptions.parse("jdbc:vecbox:./v.db?queryTimeout=5s&readers=2", null).poolKey();
        String b = ConnectionOptions.parse("jdbc:vecbox:v.db?readers=2&queryTimeout=5000ms", null).poolKey();
        String c = ConnectionOptions.parse("jdbc:vecbox:v.db?readers=3&queryTimeout=5s", null).poolKey();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void inMemoryDatabasesAreRefusedWithTheAlternative() {
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:vecbox::memory:", null))
                .hasMessageContaining("share one database file; give a file path, or none for a temporary database");
    }

    @Test
    void valuesArePercentDecoded() throws Exception {
        ConnectionOptions o = ConnectionOptions.parse("jdbc:vecbox:v.db?name=a%26b%20c&jvmOptions=-Xmx1g+-Da=1", null);
        assertThat(o.get(UrlOption.NAME)).isEqualTo("a&b c");
        assertThat(o.get(UrlOption.JVM_OPTIONS)).isEqualTo("-Xmx1g+-Da=1");
        assertThatThrownBy(() -> ConnectionOptions.decode("a%zz")).hasMessageContaining("bad percent-encoding");
    }

    @Test
    void notAVecboxUrl() {
        assertThatThrownBy(() -> ConnectionOptions.parse("jdbc:sqlite:v.db", null))
                .hasMessageContaining("not a vecbox URL: jdbc:sqlite:v.db");
    }
}

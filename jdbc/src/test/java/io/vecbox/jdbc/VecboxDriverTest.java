package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VecboxDriverTest {
    @Test
    void driverManagerFindsTheDriverThroughServiceLoading() throws SQLException {
        assertThat(DriverManager.getDriver("jdbc:vecbox:x.db")).isInstanceOf(VecboxDriver.class);
    }

    @Test
    void acceptsOnlyVecboxUrlsAndIgnoresOthers() throws SQLException {
        VecboxDriver d = new VecboxDriver();
        assertThat(d.acceptsURL("jdbc:vecbox:x.db?readers=1")).isTrue();
        assertThat(d.acceptsURL("jdbc:sqlite:x.db")).isFalse();
        assertThat(d.acceptsURL(null)).isFalse();
        assertThat(d.connect("jdbc:sqlite:x.db", null)).isNull();
    }

    @Test
    void connectWithAnUnknownOptionFailsBeforeStartingAnything() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:vecbox:x.db?readerz=1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("unknown option readerz");
    }

    @Test
    void propertyInfoListsEveryOptionWithItsDefault() throws SQLException {
        DriverPropertyInfo[] info = new VecboxDriver().getPropertyInfo("jdbc:vecbox:x.db?readers=3", null);
        Map<String, DriverPropertyInfo> byName = Arrays.stream(info)
                .collect(Collectors.toMap(p -> p.name, p -> p));
        assertThat(byName).hasSize(UrlOption.values().length);
        assertThat(byName.get("readers").value).isEqualTo("3");
        assertThat(byName.get("queryTimeout").value).isEqualTo("30s");
        assertThat(byName.get("queryTimeout").description).contains("default 30s");
        assertThat(byName.get("sandbox").value).isEqualTo("trusted");
        assertThat(byName.get("sandbox").choices).containsExactly("trusted", "untrusted");
        assertThat(byName.values()).allSatisfy(p -> assertThat(p.required).isFalse());
    }
}

package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementTest {
    @Test
    void noParams() {
        Statement s = Statement.of("DELETE FROM t");
        assertThat(s.sql()).isEqualTo("DELETE FROM t");
        assertThat(s.params()).isEmpty();
    }

    @Test
    void paramsKeepTheirOrderAndNulls() {
        Statement s = Statement.of("INSERT INTO t VALUES (?, ?, ?)", 1L, null, "x");
        assertThat(s.params()).containsExactly(1L, null, "x");
    }

    @Test
    void aSingleNullArrayIsOneNullParameter() {
        Statement s = Statement.of("INSERT INTO t VALUES (?)", (Object[]) null);
        assertThat(s.params()).hasSize(1).containsOnlyNulls();
    }

    @Test
    void aSingleNullArgumentIsOneNullParameter() {
        Statement s = Statement.of("INSERT INTO t VALUES (?)", (Object) null);
        assertThat(s.params()).hasSize(1).containsOnlyNulls();
    }

    @Test
    void paramsAreCopiedAndUnmodifiable() {
        Object[] args = {1L, 2L};
        Statement s = Statement.of("SELECT ?, ?", args);
        args[0] = 99L;
        assertThat(s.params()).containsExactly(1L, 2L);
        assertThatThrownBy(() -> s.params().add(3L)).isInstanceOf(UnsupportedOperationException.class);

        List<Object> list = new ArrayList<>(List.of("a"));
        Statement t = new Statement("SELECT ?", list);
        list.add("b");
        assertThat(t.params()).containsExactly("a");
    }

    @Test
    void namedParametersBecomePositionsInSqlitesOrder() {
        Statement s = Statement.of("update t set v = :v where id = @id and v <> :v", Map.of("id", 7, ":v", "x"));
        assertThat(s.params()).containsExactly("x", 7L);
        assertThatThrownBy(() -> Statement.of("select :a", Map.of("b", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":a").hasMessageContaining("b");
        assertThatNullPointerException().isThrownBy(() -> Statement.of(null, Map.of())).withMessage("sql");
    }

    @Test
    void nullSqlIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> Statement.of(null, 1L)).withMessage("sql");
        assertThatNullPointerException().isThrownBy(() -> new Statement("SELECT 1", null));
    }

    @Test
    void equalityByValue() {
        assertThat(Statement.of("SELECT ?", 1L)).isEqualTo(new Statement("SELECT ?", Arrays.asList(1L)))
                .isNotEqualTo(Statement.of("SELECT ?", 2L));
    }
}

package io.vecbox.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One catalog query of {@link VecboxDatabaseMetaData}: SQL text whose result columns carry the
 * names and order {@link java.sql.DatabaseMetaData} specifies, and its string parameters. Built by
 * {@link CatalogQueries}; immutable.
 *
 * @param sql the query, one {@code SELECT}
 * @param params the values of its {@code ?} parameters, in order
 */
record CatalogQuery(String sql, List<String> params) {
    CatalogQuery {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /** Collects the {@code WHERE} conditions of a query and their parameters. */
    static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final List<String> params = new ArrayList<>();

        /** Adds a condition with no parameter. */
        Where add(String condition) {
            conditions.add(condition);
            return this;
        }

        /** Adds a condition with one {@code ?}, bound to {@code value}. */
        Where add(String condition, String value) {
            conditions.add(condition);
            params.add(value);
            return this;
        }

        /** Adds {@code expr IN (?, ...)} bound to {@code values}; nothing matches an empty array. */
        Where in(String expr, String[] values) {
            if (values.length == 0) {
                return add("0");
            }
            conditions.add(expr + " IN (" + String.join(", ", Collections.nCopies(values.length, "?")) + ")");
            params.addAll(List.of(values));
            return this;
        }

        /** Adds {@code expr LIKE ? ESCAPE '\'} unless the pattern is {@code null} (no filter). */
        Where like(String expr, String pattern) {
            return pattern == null ? this : add(expr + " LIKE ? ESCAPE '\\'", pattern);
        }

        /**
         * Filters on a catalog and a schema pattern: vecbox reports both as {@code null}, and the
         * one database as schema {@code main}; {@code null}, {@code ""} and {@code main} (a
         * pattern that matches it) select it, anything else selects nothing.
         */
        Where catalogAndSchema(String catalog, String schemaPattern) {
            if (catalog != null && !catalog.isEmpty() && !catalog.equalsIgnoreCase("main")) {
                add("0");
            }
            if (schemaPattern != null && !schemaPattern.isEmpty()) {
                add("'main' LIKE ? ESCAPE '\\'", schemaPattern);
            }
            return this;
        }

        /**
         * @param select a {@code SELECT … FROM (…)} with no {@code WHERE} of its own; the
         *     conditions name the inner query's columns
         * @param orderBy the {@code ORDER BY} list, or {@code null}
         */
        CatalogQuery query(String select, String orderBy) {
            StringBuilder sql = new StringBuilder(select);
            for (int i = 0; i < conditions.size(); i++) {
                sql.append(i == 0 ? " WHERE " : " AND ").append(conditions.get(i));
            }
            if (orderBy != null) {
                sql.append(" ORDER BY ").append(orderBy);
            }
            return new CatalogQuery(sql.toString(), params);
        }
    }
}

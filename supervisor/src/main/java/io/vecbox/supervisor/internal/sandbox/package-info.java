/**
 * The statement gate for untrusted SQL (layer 2 of the sandbox, DESIGN.md section 6): a
 * tokenizer that follows SQLite's own lexical rules, and {@link
 * io.vecbox.supervisor.internal.sandbox.StatementGate}, which decides from the tokens whether a
 * query may run on a reader. Pure Java, no SQLite: it runs in the host before a request is sent,
 * so a denied statement never reaches a worker.
 */
package io.vecbox.supervisor.internal.sandbox;

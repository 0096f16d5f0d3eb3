/**
 * Locates the sqlite-vec loadable extension for the current machine.
 *
 * <p>The jar bundles the official sqlite-vec {@value io.vecbox.nativelib.SqliteVec#VERSION}
 * binaries for every {@link io.vecbox.nativelib.Platform}, fetched from their npm packages and
 * pinned by SHA-512 at build time. {@link io.vecbox.nativelib.SqliteVec#path()} extracts the one
 * for the running platform into a per-user cache (SQLite can only load extensions from a real
 * file) or returns a user-supplied override.
 *
 * <p>Resource layout inside the jar:
 * <pre>
 * io/vecbox/nativelib/sqlite-vec.properties     version=0.1.9, sha256.&lt;platform&gt;=&lt;hex&gt;
 * io/vecbox/nativelib/linux-x64/vec0.so
 * io/vecbox/nativelib/linux-arm64/vec0.so
 * io/vecbox/nativelib/darwin-x64/vec0.dylib
 * io/vecbox/nativelib/darwin-arm64/vec0.dylib
 * io/vecbox/nativelib/windows-x64/vec0.dll
 * </pre>
 */
package io.vecbox.nativelib;

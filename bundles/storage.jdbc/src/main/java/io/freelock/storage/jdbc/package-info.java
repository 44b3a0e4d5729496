/** The JDBC journal store; nothing here is exported. */
package io.freelock.storage.jdbc;

#ifndef O2C_CSQLITETUNING_H
#define O2C_CSQLITETUNING_H

/* SQLite process settings that only variadic C entry points reach (Swift cannot call those). */

/* Turns off SQLite's memory statistics (sqlite3_config SQLITE_CONFIG_MEMSTATUS = 0), which
   take a process-wide mutex around every allocation; SQLite recommends it off. Effective only
   before SQLite initializes (the first connection opened in the process); returns SQLite's
   result code (SQLITE_MISUSE when it is too late, which changes nothing). */
int o2c_sqlite_disable_memstatus(void);

#endif

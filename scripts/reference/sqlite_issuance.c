/*
 * The durable work of one STS issuance through SQLite's C API, for comparison with
 * `tessera-store-bench --issuance N` (SQLiteStore through GRDB): per issuance, the replay read
 * (is this digest recorded and unexpired?), then BEGIN IMMEDIATE, the replay entry's upsert, the
 * token record's insert and COMMIT; the same schema (tokens and replay entries as Tessera's
 * migrations leave them), the same statements, prepared once, the same settings (WAL,
 * synchronous=NORMAL, SQLite's default automatic checkpoints). Digests are SHA-256 of a fresh
 * 64-byte value, as the store keys replay entries; token IDs are shaped as the STS makes assertion
 * IDs: `_`, the time in milliseconds as 12 hexadecimal digits, 32 random hexadecimal digits.
 *
 *   cc -O2 -o sqlite_issuance sqlite_issuance.c -lsqlite3 -lcrypto
 *   ./sqlite_issuance DATABASE N [STORED]   prints "sqlite-issuance <µs> ..." (CPU time per issuance)
 *
 * With STORED, the database first receives STORED token records and a tenth as many replay
 * entries in one untimed transaction (token IDs in time order as above), so the issuances run
 * against a store that has been issuing for a while.
 */
#include <openssl/sha.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static sqlite3 *db;

static void check(int code, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "sqlite_issuance: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL), sql);
    return statement;
}

static void step(sqlite3_stmt *statement, const char *what) {
    check(sqlite3_step(statement), what);
    check(sqlite3_reset(statement), what);
}

/* Random bytes from a buffer refilled 4 KB at a time, as Tessera's random pool serves them. */
static unsigned char pool[4096];
static size_t pool_used = sizeof pool;
static void random_bytes(unsigned char *out, size_t count) {
    if (pool_used + count > sizeof pool) {
        if (getrandom(pool, sizeof pool, 0) != (ssize_t)sizeof pool) { perror("getrandom"); exit(1); }
        pool_used = 0;
    }
    memcpy(out, pool + pool_used, count);
    pool_used += count;
}

static double cpu_seconds(void) {
    struct timespec time;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time);
    return time.tv_sec + time.tv_nsec / 1e9;
}

/* A token ID as the STS makes assertion IDs: `_`, the time in milliseconds as 12 hexadecimal
 * digits, 32 random hexadecimal digits (46 bytes with the terminating NUL). */
static void token_id(char id[46]) {
    unsigned char id_bytes[16];
    random_bytes(id_bytes, sizeof id_bytes);
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    snprintf(id, 14, "_%012llx", (unsigned long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000);
    for (int i = 0; i < 16; i++) snprintf(id + 13 + 2 * i, 3, "%02x", id_bytes[i]);
}

/* `count` token records and count / 10 unexpired replay entries in one transaction, then the log
 * checkpointed away: the state of a store that has been issuing for a while. */
static void store_earlier_issuances(int count) {
    check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), "BEGIN");
    sqlite3_stmt *token = prepare(
        "INSERT INTO issued_tokens (id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable,"
        " renewable_after_expiry) VALUES (?, 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0', 'alice',"
        " 'CN=Tessera Test Gateway,O=Tessera Test', 'https://provider.example/hello', 'https://provider.example/hello', 0, ?, 'issued', 1, 0)");
    sqlite3_stmt *replay = prepare("INSERT INTO replay_entries (digest, expires_us) VALUES (?, ?)");
    long long far = ((long long)time(NULL) + 86400) * 1000000;
    for (int index = 0; index < count; index++) {
        char id[46];
        token_id(id);
        sqlite3_bind_text(token, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(token, 2, far);
        step(token, "stored token");
        if (index % 10 == 0) {
            unsigned char digest[32];
            random_bytes(digest, sizeof digest);
            sqlite3_bind_blob(replay, 1, digest, sizeof digest, SQLITE_TRANSIENT);
            sqlite3_bind_int64(replay, 2, far);
            step(replay, "stored replay entry");
        }
    }
    sqlite3_finalize(token);
    sqlite3_finalize(replay);
    check(sqlite3_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), "COMMIT");
}

int main(int argc, char **argv) {
    if ((argc != 3 && argc != 4) || atoi(argv[2]) <= 0 || (argc == 4 && atoi(argv[3]) < 0)) {
        fprintf(stderr, "usage: sqlite_issuance DATABASE N [STORED]\n");
        return 2;
    }
    const int issuances = atoi(argv[2]), warm_up = 200;
    check(sqlite3_open(argv[1], &db), "open");
    check(sqlite3_busy_timeout(db, 5000), "busy timeout");
    check(sqlite3_exec(db,
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
        "CREATE TABLE issued_tokens (id TEXT NOT NULL PRIMARY KEY, token_type TEXT NOT NULL, subject TEXT NOT NULL,"
        " requestor TEXT NOT NULL, applies_to TEXT, relying_party TEXT, created_us INTEGER NOT NULL, expires_us INTEGER NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('issued', 'renewed', 'cancelled')), renewable INTEGER NOT NULL CHECK (renewable IN (0, 1)),"
        " renewed_from TEXT, renewable_after_expiry INTEGER NOT NULL DEFAULT 0 CHECK (renewable_after_expiry IN (0, 1))) STRICT, WITHOUT ROWID;"
        "CREATE TABLE replay_entries (digest BLOB NOT NULL PRIMARY KEY, expires_us INTEGER NOT NULL) STRICT, WITHOUT ROWID;",
        NULL, NULL, NULL), "schema");
    if (argc == 4) store_earlier_issuances(atoi(argv[3]));
    sqlite3_stmt *read = prepare("SELECT EXISTS (SELECT 1 FROM replay_entries WHERE digest = ? AND expires_us > ?)");
    sqlite3_stmt *begin = prepare("BEGIN IMMEDIATE");
    sqlite3_stmt *replay = prepare(
        "INSERT INTO replay_entries (digest, expires_us) VALUES (?, ?) ON CONFLICT (digest) DO UPDATE SET expires_us = excluded.expires_us"
        " WHERE replay_entries.expires_us <= ?");
    sqlite3_stmt *token = prepare(
        "INSERT INTO issued_tokens (id, token_type, subject, requestor, applies_to, relying_party, created_us, expires_us, status, renewable,"
        " renewable_after_expiry, renewed_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
    sqlite3_stmt *commit = prepare("COMMIT");

    long long now = (long long)time(NULL) * 1000000;
    double start = 0;
    for (int index = 0; index < warm_up + issuances; index++) {
        if (index == warm_up) start = cpu_seconds();
        unsigned char value[64], digest[32];
        char id[46];
        random_bytes(value, sizeof value);
        SHA256(value, sizeof value, digest);
        token_id(id);

        sqlite3_bind_blob(read, 1, digest, sizeof digest, SQLITE_STATIC);
        sqlite3_bind_int64(read, 2, now);
        check(sqlite3_step(read), "replay read");
        if (sqlite3_column_int(read, 0) != 0) { fprintf(stderr, "sqlite_issuance: a fresh digest is recorded\n"); return 1; }
        check(sqlite3_reset(read), "replay read");

        step(begin, "BEGIN");
        sqlite3_bind_blob(replay, 1, digest, sizeof digest, SQLITE_STATIC);
        sqlite3_bind_int64(replay, 2, now + 300000000LL);
        sqlite3_bind_int64(replay, 3, now);
        step(replay, "replay entry");
        sqlite3_bind_text(token, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(token, 2, "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0", -1, SQLITE_STATIC);
        sqlite3_bind_text(token, 3, "alice", -1, SQLITE_STATIC);
        sqlite3_bind_text(token, 4, "CN=Tessera Test Gateway,O=Tessera Test", -1, SQLITE_STATIC);
        sqlite3_bind_text(token, 5, "https://provider.example/hello", -1, SQLITE_STATIC);
        sqlite3_bind_text(token, 6, "https://provider.example/hello", -1, SQLITE_STATIC);
        sqlite3_bind_int64(token, 7, now);
        sqlite3_bind_int64(token, 8, now + 3600000000LL);
        sqlite3_bind_text(token, 9, "issued", -1, SQLITE_STATIC);
        sqlite3_bind_int(token, 10, 1);
        sqlite3_bind_int(token, 11, 0);
        sqlite3_bind_null(token, 12);
        step(token, "token record");
        if (sqlite3_changes(db) != 1) { fprintf(stderr, "sqlite_issuance: the token was not recorded\n"); return 1; }
        step(commit, "COMMIT");
    }
    printf("sqlite-issuance %.1f µs CPU per issuance (SQLite %s C API: replay read, then one transaction; %d issuances)\n",
        (cpu_seconds() - start) / issuances * 1e6, sqlite3_libversion(), issuances);
    return 0;
}

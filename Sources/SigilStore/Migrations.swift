import GRDB

/// The store's schema, as versioned migrations. A migration runs once, in a
/// transaction; add new ones at the end and never change one that has shipped.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: directory") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pools (
                        key INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        config TEXT NOT NULL,
                        user_count INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE clients (
                        id TEXT PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        config TEXT NOT NULL
                    );
                    CREATE INDEX clients_by_pool ON clients(pool_key, id);

                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        username TEXT NOT NULL,
                        username_key TEXT NOT NULL,
                        status TEXT NOT NULL,
                        enabled INTEGER NOT NULL,
                        created REAL NOT NULL,
                        modified REAL NOT NULL,
                        attributes TEXT NOT NULL,
                        password BLOB,
                        temporary_expires REAL,
                        sub TEXT NOT NULL,
                        email TEXT,
                        phone_number TEXT,
                        name TEXT,
                        given_name TEXT,
                        family_name TEXT,
                        preferred_username TEXT
                    );
                    CREATE UNIQUE INDEX users_by_username ON users(pool_key, username_key);
                    CREATE UNIQUE INDEX users_by_sub ON users(pool_key, sub);
                    CREATE INDEX users_by_email ON users(pool_key, email) WHERE email IS NOT NULL;
                    CREATE INDEX users_by_phone_number ON users(pool_key, phone_number) WHERE phone_number IS NOT NULL;
                    CREATE INDEX users_by_name ON users(pool_key, name) WHERE name IS NOT NULL;
                    CREATE INDEX users_by_given_name ON users(pool_key, given_name) WHERE given_name IS NOT NULL;
                    CREATE INDEX users_by_family_name ON users(pool_key, family_name) WHERE family_name IS NOT NULL;
                    CREATE INDEX users_by_preferred_username ON users(pool_key, preferred_username)
                        WHERE preferred_username IS NOT NULL;
                    CREATE INDEX users_by_status ON users(pool_key, status);
                    CREATE INDEX users_by_enabled ON users(pool_key, enabled);

                    CREATE TABLE groups (
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        config TEXT NOT NULL,
                        PRIMARY KEY (pool_key, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE memberships (
                        pool_key INTEGER NOT NULL,
                        group_name TEXT NOT NULL,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        PRIMARY KEY (pool_key, group_name, user_id),
                        FOREIGN KEY (pool_key, group_name) REFERENCES groups(pool_key, name) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    CREATE INDEX memberships_by_user ON memberships(user_id, group_name);

                    CREATE TABLE import_jobs (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        config TEXT NOT NULL,
                        file BLOB
                    );
                    CREATE INDEX import_jobs_by_pool ON import_jobs(pool_key, seq);
                    CREATE TABLE import_errors (
                        job_id TEXT NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
                        line INTEGER NOT NULL,
                        outcome TEXT NOT NULL,
                        username TEXT,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (job_id, line)
                    ) WITHOUT ROWID;

                    CREATE TABLE codes (
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        purpose TEXT NOT NULL,
                        hash BLOB NOT NULL,
                        expires REAL NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (user_id, purpose)
                    ) WITHOUT ROWID;

                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY,
                        pool_id TEXT NOT NULL,
                        username TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        destination TEXT NOT NULL,
                        purpose TEXT NOT NULL,
                        subject TEXT,
                        text TEXT NOT NULL,
                        code TEXT,
                        sent REAL NOT NULL
                    );
                    CREATE INDEX outbox_by_user ON outbox(pool_id, username, id);
                    """)
        }
        migrator.registerMigration("v2: authentication") { db in
            try db.execute(
                sql: """
                    ALTER TABLE pools ADD COLUMN mfa_config TEXT;
                    ALTER TABLE users ADD COLUMN security TEXT;
                    ALTER TABLE codes ADD COLUMN attribute TEXT;
                    ALTER TABLE codes ADD COLUMN sends INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE codes ADD COLUMN window_start REAL;

                    CREATE TABLE signing_keys (
                        kid TEXT PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        purpose TEXT NOT NULL,
                        private_key BLOB NOT NULL,
                        public_jwk TEXT NOT NULL,
                        created REAL NOT NULL,
                        retired REAL
                    );
                    CREATE INDEX signing_keys_by_pool ON signing_keys(pool_key, created);

                    CREATE TABLE refresh_tokens (
                        hash BLOB PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        client_id TEXT NOT NULL,
                        origin_jti TEXT NOT NULL,
                        auth_time REAL NOT NULL,
                        issued REAL NOT NULL,
                        expires REAL NOT NULL,
                        revoked INTEGER NOT NULL DEFAULT 0
                    ) WITHOUT ROWID;
                    CREATE INDEX refresh_tokens_by_user ON refresh_tokens(user_id);
                    CREATE INDEX refresh_tokens_by_origin ON refresh_tokens(origin_jti);

                    CREATE TABLE auth_sessions (
                        id INTEGER PRIMARY KEY,
                        hash BLOB NOT NULL UNIQUE,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        user_id INTEGER NOT NULL,
                        client_id TEXT NOT NULL,
                        challenge TEXT NOT NULL,
                        state TEXT NOT NULL,
                        created REAL NOT NULL,
                        expires REAL NOT NULL,
                        used INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX auth_sessions_by_expiry ON auth_sessions(expires);

                    CREATE TABLE auth_events (
                        id INTEGER PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
                        username TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        type TEXT NOT NULL,
                        created REAL NOT NULL,
                        response TEXT NOT NULL,
                        client_id TEXT,
                        context TEXT NOT NULL,
                        challenges TEXT NOT NULL,
                        detail TEXT
                    );
                    CREATE INDEX auth_events_by_user ON auth_events(user_id, id);
                    CREATE INDEX auth_events_by_pool ON auth_events(pool_key, id);
                    """)
        }
        migrator.registerMigration("v3: threat protection") { db in
            try db.execute(
                sql: """
                    CREATE TABLE risk_configurations (
                        id INTEGER PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        client_id TEXT REFERENCES clients(id) ON DELETE CASCADE,
                        config TEXT NOT NULL,
                        modified REAL NOT NULL
                    );
                    CREATE INDEX risk_configurations_by_pool ON risk_configurations(pool_key, client_id);

                    ALTER TABLE auth_events ADD COLUMN ip TEXT;
                    ALTER TABLE auth_events ADD COLUMN risk TEXT;
                    ALTER TABLE auth_events ADD COLUMN feedback TEXT;
                    CREATE INDEX auth_events_by_address ON auth_events(pool_key, ip, id);
                    CREATE INDEX auth_events_by_event_id ON auth_events(event_id);
                    """)
        }
        migrator.registerMigration("v4: devices") { db in
            try db.execute(
                sql: """
                    CREATE TABLE devices (
                        key TEXT PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        group_key TEXT NOT NULL,
                        name TEXT,
                        remembered INTEGER NOT NULL DEFAULT 0,
                        confirmed INTEGER NOT NULL DEFAULT 0,
                        verifier TEXT,
                        created REAL NOT NULL,
                        modified REAL NOT NULL,
                        last_authenticated REAL,
                        last_address TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX devices_by_user ON devices(user_id, key);
                    ALTER TABLE refresh_tokens ADD COLUMN device_key TEXT;
                    CREATE INDEX refresh_tokens_by_device ON refresh_tokens(device_key);
                    """)
        }
        migrator.registerMigration("v5: event times") { db in
            // The risk dashboard counts a pool's events by time.
            try db.execute(sql: "CREATE INDEX auth_events_by_time ON auth_events(pool_key, created)")
        }
        migrator.registerMigration("v6: identity pools") { db in
            try db.execute(
                sql: """
                    CREATE TABLE identity_pools (
                        key INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        config TEXT NOT NULL,
                        settings TEXT NOT NULL,
                        created REAL NOT NULL
                    );
                    CREATE TABLE identities (
                        id TEXT PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES identity_pools(key) ON DELETE CASCADE,
                        created REAL NOT NULL,
                        modified REAL NOT NULL,
                        authenticated INTEGER NOT NULL DEFAULT 0
                    ) WITHOUT ROWID;
                    CREATE INDEX identities_by_pool ON identities(pool_key, id);
                    CREATE TABLE identity_logins (
                        pool_key INTEGER NOT NULL REFERENCES identity_pools(key) ON DELETE CASCADE,
                        provider TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
                        PRIMARY KEY (pool_key, provider, subject)
                    ) WITHOUT ROWID;
                    CREATE INDEX identity_logins_by_identity ON identity_logins(identity_id);
                    CREATE TABLE identity_signing_keys (
                        kid TEXT PRIMARY KEY,
                        sealed BLOB NOT NULL,
                        jwk TEXT NOT NULL,
                        created REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE oidc_providers (
                        arn TEXT PRIMARY KEY,
                        url TEXT NOT NULL,
                        client_ids TEXT NOT NULL,
                        created REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE roles (
                        arn TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        description TEXT,
                        policies TEXT NOT NULL,
                        created REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v7: store settings and import heartbeats") { db in
            try db.execute(sql: "CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
            // When an import job's runner last showed it was alive.
            try db.execute(sql: "ALTER TABLE import_jobs ADD COLUMN heartbeat REAL")
        }
        migrator.registerMigration("v8: domains and resource servers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE domains (
                        name TEXT PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        custom INTEGER NOT NULL,
                        config TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX domains_by_pool ON domains(pool_key);
                    CREATE TABLE resource_servers (
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        identifier TEXT NOT NULL,
                        config TEXT NOT NULL,
                        PRIMARY KEY (pool_key, identifier)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v9: UI customization and terms") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ui_customizations (
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        client_id TEXT NOT NULL,
                        css TEXT,
                        image BLOB,
                        created REAL NOT NULL,
                        modified REAL NOT NULL,
                        PRIMARY KEY (pool_key, client_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE terms (
                        id TEXT PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        config TEXT NOT NULL,
                        UNIQUE (client_id, name)
                    ) WITHOUT ROWID;
                    CREATE INDEX terms_by_pool ON terms(pool_key, id);
                    """)
        }
        migrator.registerMigration("v10: scopes of managed login's refresh tokens") { db in
            try db.execute(sql: "ALTER TABLE refresh_tokens ADD COLUMN scopes TEXT")
        }
        migrator.registerMigration("v11: managed login branding") { db in
            try db.execute(
                sql: """
                    CREATE TABLE managed_login_brandings (
                        id TEXT PRIMARY KEY,
                        pool_key INTEGER NOT NULL REFERENCES pools(key) ON DELETE CASCADE,
                        client_id TEXT NOT NULL UNIQUE REFERENCES clients(id) ON DELETE CASCADE,
                        config TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX managed_login_brandings_by_pool ON managed_login_brandings(pool_key);
                    """)
        }
        migrator.registerMigration("v12: function mappings") { db in
            try db.execute(sql: "CREATE TABLE function_mappings (arn TEXT PRIMARY KEY, config TEXT NOT NULL) WITHOUT ROWID")
        }
        return migrator
    }
}

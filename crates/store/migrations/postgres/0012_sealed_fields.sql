-- Encryption at rest (see crates/store/src/crypto.rs). The personal fields of people and
-- signatures, and the answers of responses linked to a person, are stored sealed; lookups go
-- through blind indexes. `key_id` says which key sealed a record and computed its indexes ('' for
-- records from before this migration: the server seals and indexes them when it starts).
ALTER TABLE people ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN search_tokens TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN email_index TEXT;
ALTER TABLE people ADD COLUMN phone_index TEXT;
-- name_search and phone_norm held the name and number in clear for searching; they are emptied
-- as records are sealed and no longer read.
DROP INDEX people_email;
DROP INDEX people_phone;
DROP INDEX people_name;
CREATE INDEX people_email_index ON people(email_index);
CREATE INDEX people_phone_index ON people(phone_index);
CREATE INDEX people_key ON people(key_id);

-- email_key and name_key now hold blind indexes of what they held.
ALTER TABLE signatures ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
CREATE INDEX signatures_key ON signatures(key_id);

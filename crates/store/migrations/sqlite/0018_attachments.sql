-- Photos, recordings and files sent with a response (an ODK form's image, audio, video and
-- file questions). Kept in the database beside the response, so a backup holds them and a
-- deleted response takes them along; sealed like the answers, since a photo of a door or a
-- voice is personal data.
CREATE TABLE attachments (
    response_id  TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (response_id, name)
);

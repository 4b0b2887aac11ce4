-- The festival back into the loop: the postcodes each section covers (where a ticket buyer who
-- agreed to be contacted belongs), the record an order's buyer became or was found to be, and
-- the action that festival entries count as attendance at.
CREATE TABLE section_postcodes (
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    postcode   TEXT NOT NULL,
    PRIMARY KEY (unit_id, postcode)
);
CREATE INDEX section_postcodes_code ON section_postcodes(postcode);

ALTER TABLE festival_orders ADD COLUMN person_id INTEGER REFERENCES people(id) ON DELETE SET NULL;
-- When the order was looked at for its buyer (placed, known already, or left to place by hand).
ALTER TABLE festival_orders ADD COLUMN placed_at INTEGER;
ALTER TABLE festival_orders ADD COLUMN placement TEXT;
ALTER TABLE festivals ADD COLUMN action_id INTEGER REFERENCES actions(id);

-- The outbox now seals the address a mail goes to, as it seals the body, and empties both once
-- the mail is sent or given up: the public RSVP page mails addresses typed by anyone. Mail
-- already sent keeps no address either. (Mail still waiting is sealed when the store opens.)
UPDATE outbox SET to_address = '' WHERE sent_at IS NOT NULL;

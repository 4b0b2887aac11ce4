-- Claiming a mailing's next messages walks the queue in order of id without sorting it whole.
CREATE INDEX mailing_recipients_queued ON mailing_recipients (state, id);

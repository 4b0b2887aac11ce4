-- Texts (SMS): a mailing goes by e-mail or by text message; a text's recipient keeps what the
-- gateway reported back about its delivery.
ALTER TABLE mailings ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
ALTER TABLE mailing_recipients ADD COLUMN delivery TEXT NOT NULL DEFAULT '';

-- Subscription secrets are sealed with the master key when one is set ("sealed:v1:<nonce>:<ciphertext>", about 130
-- characters for a whsec_ secret). Portable SQL for H2 and PostgreSQL, like V1.
ALTER TABLE subscriptions ALTER COLUMN secret SET DATA TYPE VARCHAR(400);
ALTER TABLE subscriptions ALTER COLUMN previous_secret SET DATA TYPE VARCHAR(400);

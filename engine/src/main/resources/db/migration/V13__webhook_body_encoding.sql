-- How a delivery's body is kept: NULL, as its UTF-8 text; 'base64', as the base64 of its bytes. PostgreSQL refuses
-- the NUL character in text (H2 takes it), and bytes that are not UTF-8 would be changed by decoding them, so
-- such bodies are kept in base64 on both databases. Portable SQL for H2 and PostgreSQL, like V1.
ALTER TABLE webhook_deliveries ADD COLUMN body_encoding VARCHAR(10);

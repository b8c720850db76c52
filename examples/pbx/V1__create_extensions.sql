-- SIP extensions of a small PBX
CREATE TABLE extensions (
  number VARCHAR(20) PRIMARY KEY,
  display_name VARCHAR(255),
  password VARCHAR(255) NOT NULL,
  context VARCHAR(80) NOT NULL DEFAULT 'default'
);
CREATE INDEX extensions_context ON extensions (context);

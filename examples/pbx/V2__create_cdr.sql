-- Call detail records
CREATE TABLE cdr (
  id INTEGER PRIMARY KEY,
  calldate TIMESTAMP NOT NULL,
  src VARCHAR(80) NOT NULL DEFAULT '',
  dst VARCHAR(80) NOT NULL DEFAULT '',
  duration INTEGER NOT NULL DEFAULT 0,
  billsec INTEGER NOT NULL DEFAULT 0,
  disposition VARCHAR(45) NOT NULL DEFAULT ''
);
CREATE INDEX cdr_calldate ON cdr (calldate);

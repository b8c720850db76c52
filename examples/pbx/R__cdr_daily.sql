-- A repeatable view: dropped before and recreated after the versioned steps when it changes
CREATE VIEW cdr_daily AS
  SELECT CAST(calldate AS DATE) AS day, COUNT(*) AS calls, SUM(billsec) AS billsec
    FROM cdr GROUP BY CAST(calldate AS DATE);

INSERT INTO extensions (number, display_name, password, context) VALUES ('1001', 'Reception', 'change-me-1001', 'internal');
INSERT INTO extensions (number, display_name, password, context) VALUES ('1002', 'Sales', 'change-me-1002', 'internal');

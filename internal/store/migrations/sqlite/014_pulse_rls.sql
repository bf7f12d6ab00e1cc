-- On PostgreSQL this migration puts the pulse check-ins behind row-level
-- security (internal/store/rls.go). SQLite has none: the application's rules
-- are the only wall there. The statement below keeps the file non-empty.
SELECT 1;
